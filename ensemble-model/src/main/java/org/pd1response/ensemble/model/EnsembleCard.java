package org.pd1response.ensemble.model;

import org.pd1response.contracts.events.ModelRef;

/** The ensemble model in force: its registry identity, named in every prediction, and its parameters. */
public record EnsembleCard(ModelRef ref, EnsembleParameters parameters) {}
