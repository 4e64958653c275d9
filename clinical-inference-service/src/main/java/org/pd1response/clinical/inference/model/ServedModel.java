package org.pd1response.clinical.inference.model;

import org.pd1response.clinical.model.ClinicalModel;
import org.pd1response.contracts.events.ModelRef;

/** A verified clinical model and the registry version it came from. */
public record ServedModel(ModelRef ref, ClinicalModel model) {}
