package org.pd1response.contracts.events;

/**
 * Technical acquisition attributes copied from the DICOM header; it holds no patient, study date
 * or institution attribute. Every field is null for research images.
 */
public record AcquisitionMetadata(
    String modality,
    String sopClassUid,
    String manufacturer,
    String manufacturerModelName,
    String photometricInterpretation,
    String transferSyntaxUid,
    Integer numberOfFrames,
    Integer bitsStored) {}
