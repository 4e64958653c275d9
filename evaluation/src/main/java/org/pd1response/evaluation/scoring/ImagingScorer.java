package org.pd1response.evaluation.scoring;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pd1response.contracts.events.ModelRef;
import org.pd1response.imaging.config.CudaFailurePolicy;
import org.pd1response.imaging.config.ExecutionProvider;
import org.pd1response.imaging.model.ExecutionSettings;
import org.pd1response.imaging.model.ImagingModelCard;
import org.pd1response.imaging.model.ImagingSession;
import org.pd1response.preprocessing.ImageLimits;
import org.pd1response.preprocessing.PreprocessingException;
import org.pd1response.preprocessing.PreprocessingParameters;
import org.pd1response.preprocessing.Preprocessor;
import org.pd1response.storage.RegisteredModel;

/**
 * Scores images as the preprocess and imaging inference services do: the preprocessing library
 * with the parameters of the model card (checked against the card's {@code preprocessingHash},
 * as preprocess-service checks them), then the card-checked ONNX Runtime session of the
 * imaging-model library, on the CPU. Images are scored in batches; a case whose image cannot be
 * read or preprocessed is a {@link CaseFailure} and the rest of its batch is still scored.
 */
public final class ImagingScorer implements AutoCloseable {

  /** Column name of the imaging probability, as {@code collect} writes it. */
  public static final String COLUMN = "imaging";

  private final ImagingModelCard card;
  private final ModelRef ref;
  private final Preprocessor preprocessor;
  private final ImagingSession session;
  private final int batchSize;

  /**
   * Opens the model's session and warms it up once.
   *
   * @param threads ONNX Runtime threads inside one operator; 0 lets ONNX Runtime choose
   * @throws InvalidInputException when the card's imaging or preprocessing sections are invalid or
   *     the ONNX graph differs from the card
   */
  public ImagingScorer(RegisteredModel model, ImageLimits limits, int threads, int batchSize) throws OrtException {
    if (batchSize < 1) {
      throw new InvalidInputException("imaging batch size must be at least 1, found " + batchSize);
    }
    this.batchSize = batchSize;
    this.ref = model.ref();
    try {
      this.card = ImagingModelCard.parse(model.card());
      this.preprocessor = new Preprocessor(parameters(model), limits);
      ExecutionSettings settings = new ExecutionSettings(ExecutionProvider.CPU, CudaFailurePolicy.FAIL, 0, threads, 1,
          false);
      this.session = ImagingSession.open(OrtEnvironment.getEnvironment(), model.modelBytes(), card, ref, settings, 1);
    } catch (RuntimeException e) {
      if (e instanceof InvalidInputException) {
        throw e;
      }
      throw new InvalidInputException("imaging model " + ref.name() + " " + ref.version() + " cannot be used: "
          + e.getMessage(), e);
    }
  }

  public ModelRef ref() {
    return ref;
  }

  /** Decision threshold of the card, written into the predictions file's header. */
  public double threshold() {
    return card.threshold();
  }

  /** Preprocessing the model was trained with, from its card. */
  public PreprocessingParameters preprocessing() {
    return preprocessor.parameters();
  }

  /**
   * Scores every case that has an image, in file order.
   *
   * @param failures receives one entry per case that could not be scored
   * @return case id to the probability of the positive class
   */
  public Map<String, Double> score(List<ScoringCase> cases, List<CaseFailure> failures) throws OrtException {
    Map<String, Double> probabilities = new LinkedHashMap<>();
    List<String> batchIds = new ArrayList<>();
    List<float[]> batch = new ArrayList<>();
    for (ScoringCase scoringCase : cases) {
      if (scoringCase.image() == null) {
        continue;
      }
      float[] tensor = tensor(scoringCase, failures);
      if (tensor == null) {
        continue;
      }
      batchIds.add(scoringCase.caseId());
      batch.add(tensor);
      if (batch.size() == batchSize) {
        run(batchIds, batch, probabilities);
      }
    }
    if (!batch.isEmpty()) {
      run(batchIds, batch, probabilities);
    }
    return probabilities;
  }

  /**
   * Preprocesses one case's image and masks into the model's input tensor.
   *
   * @return the tensor, or null after adding a failure
   */
  float[] tensor(ScoringCase scoringCase, List<CaseFailure> failures) {
    // NOTE: the service preprocesses ingest's canonical PNG, not the submitted file. The two agree
    // for 8-bit grey and RGB images. Ingest keeps the top 8 bits of a 16-bit image, but the
    // library rounds v * 255 / 65535, so such an image can differ by one grey level here.
    try {
      byte[] image = read(scoringCase.image(), "image", scoringCase.caseId());
      List<byte[]> masks = new ArrayList<>();
      for (Path mask : scoringCase.masks()) {
        masks.add(read(mask, "mask", scoringCase.caseId()));
      }
      return preprocessor.process(image, masks).tensor();
    } catch (MissingFileException e) {
      failures.add(new CaseFailure(scoringCase.caseId(), COLUMN, "MISSING_FILE", e.getMessage()));
    } catch (PreprocessingException e) {
      failures.add(new CaseFailure(scoringCase.caseId(), COLUMN, e.code().name(),
          "image " + scoringCase.image() + ": " + e.getMessage()));
    } catch (IOException e) {
      failures.add(new CaseFailure(scoringCase.caseId(), COLUMN, "UNREADABLE_FILE",
          "reading the image or a mask of case " + scoringCase.caseId() + " failed: " + e.getMessage()));
    }
    return null;
  }

  private void run(List<String> batchIds, List<float[]> batch, Map<String, Double> probabilities) throws OrtException {
    float[] positive = session.score(batch, false).positiveProbabilities();
    for (int i = 0; i < positive.length; i++) {
      probabilities.put(batchIds.get(i), (double) positive[i]);
    }
    batchIds.clear();
    batch.clear();
  }

  private static PreprocessingParameters parameters(RegisteredModel model) {
    JsonNode section = model.card().get("preprocessing");
    String declared = model.card().path("preprocessingHash").asText();
    if (section == null || !section.isObject()) {
      throw new InvalidInputException("card of imaging model " + model.name() + " " + model.version()
          + " must have a preprocessing object, found " + (section == null ? "none" : section.getNodeType()));
    }
    PreprocessingParameters parameters = PreprocessingParameters.fromJson(section);
    if (!parameters.sha256().equals(declared)) {
      throw new InvalidInputException("card of imaging model " + model.name() + " " + model.version()
          + ": preprocessingHash must be the SHA-256 of the canonical preprocessing JSON " + parameters.sha256()
          + ", found " + declared);
    }
    return parameters;
  }

  private static byte[] read(Path file, String role, String caseId) throws IOException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new MissingFileException(role + " file " + file + " of case " + caseId + " does not exist");
    }
  }

  /** Releases the ONNX Runtime session. */
  @Override
  public void close() {
    session.close();
  }

  private static final class MissingFileException extends IOException {
    MissingFileException(String message) {
      super(message);
    }
  }
}
