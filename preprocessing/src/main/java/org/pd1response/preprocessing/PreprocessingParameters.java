package org.pd1response.preprocessing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Every setting that changes the tensor a model receives. A model card stores these parameters and
 * their hash, and a model runs only on tensors made with the same hash, so training and serving
 * cannot drift apart.
 *
 * <p>The canonical JSON has its keys sorted and no whitespace; its SHA-256 (lower-case hex) is the
 * {@code preprocessingHash}. Numbers are written by Jackson as Java writes them ({@code 1.0},
 * {@code 0.485}), so tools that store the parameters must copy the object verbatim rather than
 * re-format its numbers.
 *
 * @param formatVersion version of the preprocessing algorithm; raised whenever a step changes
 * @param bitDepthConversion how 16-bit input becomes 8-bit
 * @param colourMode whether colour is kept or turned into grey
 * @param medianKernel side of the square median filter in pixels; odd, 1 switches the filter off
 * @param gaussianKernel side of the square Gaussian kernel in pixels; odd, 1 switches it off
 * @param gaussianSigma standard deviation of the Gaussian in pixels, both directions
 * @param overlayMode how the ROI is laid over the filtered image
 * @param roiRequired whether an image without a non-empty ROI mask is rejected; when false such
 *     an image is used whole
 * @param dimFactor factor for pixels outside the ROI in {@link OverlayMode#DIM}, 0..1
 * @param cropMargin margin around the ROI's bounding box in {@link OverlayMode#CROP}, as a
 *     fraction of the box's width (left and right) and height (top and bottom)
 * @param resizeSize side of the square image after resizing, in pixels
 * @param cropSize side of the central square crop taken after resizing, in pixels
 * @param interpolation resampling used to resize
 * @param channelOrder channel order of the tensor
 * @param mean per-channel mean subtracted from grey levels scaled to 0..1, in tensor channel order
 * @param std per-channel standard deviation that the centred values are divided by
 */
public record PreprocessingParameters(
    int formatVersion,
    BitDepthConversion bitDepthConversion,
    ColourMode colourMode,
    int medianKernel,
    int gaussianKernel,
    double gaussianSigma,
    OverlayMode overlayMode,
    boolean roiRequired,
    double dimFactor,
    double cropMargin,
    int resizeSize,
    int cropSize,
    Interpolation interpolation,
    ChannelOrder channelOrder,
    List<Double> mean,
    List<Double> std) {

  /** Version of the steps implemented by {@link Preprocessor}. */
  public static final int CURRENT_FORMAT_VERSION = 1;

  private static final int MAX_MEDIAN_KERNEL = 15;
  private static final int MAX_GAUSSIAN_KERNEL = 31;
  private static final double MAX_SIGMA = 20.0;
  private static final int MIN_OUTPUT_SIZE = 8;
  private static final int MAX_OUTPUT_SIZE = 4096;

  private static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .build();

  public PreprocessingParameters {
    if (formatVersion != CURRENT_FORMAT_VERSION) {
      throw invalid("formatVersion", "must be " + CURRENT_FORMAT_VERSION + " (the version this library implements)",
          formatVersion);
    }
    requireSet("bitDepthConversion", bitDepthConversion, BitDepthConversion.values());
    requireSet("colourMode", colourMode, ColourMode.values());
    requireSet("overlayMode", overlayMode, OverlayMode.values());
    requireSet("interpolation", interpolation, Interpolation.values());
    requireSet("channelOrder", channelOrder, ChannelOrder.values());
    requireOddKernel("medianKernel", medianKernel, MAX_MEDIAN_KERNEL);
    requireOddKernel("gaussianKernel", gaussianKernel, MAX_GAUSSIAN_KERNEL);
    if (!(gaussianSigma > 0 && gaussianSigma <= MAX_SIGMA)) {
      throw invalid("gaussianSigma", "must be in (0, " + MAX_SIGMA + "] pixels", gaussianSigma);
    }
    requireFraction("dimFactor", dimFactor);
    requireFraction("cropMargin", cropMargin);
    if (cropSize < MIN_OUTPUT_SIZE || resizeSize > MAX_OUTPUT_SIZE || cropSize > resizeSize) {
      throw new IllegalArgumentException("preprocessing cropSize and resizeSize must satisfy "
          + MIN_OUTPUT_SIZE + " <= cropSize <= resizeSize <= " + MAX_OUTPUT_SIZE + ", found cropSize "
          + cropSize + " and resizeSize " + resizeSize);
    }
    mean = requireTriple("mean", mean, false);
    std = requireTriple("std", std, true);
  }

  /** Returns the parameters the pipeline uses when no imaging model card supplies others. */
  public static PreprocessingParameters defaults() {
    // NOTE: BLANK is the default because it trained best in complete runs of the study CNN on BUSI
    // (docs/preprocessing.md). Much of that lead may come from the outline of the drawn ROI.
    return new PreprocessingParameters(CURRENT_FORMAT_VERSION, BitDepthConversion.SCALE, ColourMode.KEEP, 5, 5, 1.0,
        OverlayMode.BLANK, true, 0.3, 0.1, 256, 224, Interpolation.AREA, ChannelOrder.RGB,
        List.of(0.485, 0.456, 0.406), List.of(0.229, 0.224, 0.225));
  }

  /** Returns a copy with another overlay mode. */
  public PreprocessingParameters withOverlayMode(OverlayMode mode) {
    return new PreprocessingParameters(formatVersion, bitDepthConversion, colourMode, medianKernel, gaussianKernel,
        gaussianSigma, mode, roiRequired, dimFactor, cropMargin, resizeSize, cropSize, interpolation, channelOrder,
        mean, std);
  }

  /** Returns a copy with another channel order. */
  public PreprocessingParameters withChannelOrder(ChannelOrder order) {
    return new PreprocessingParameters(formatVersion, bitDepthConversion, colourMode, medianKernel, gaussianKernel,
        gaussianSigma, overlayMode, roiRequired, dimFactor, cropMargin, resizeSize, cropSize, interpolation, order,
        mean, std);
  }

  /** Returns a copy with another ROI requirement. */
  public PreprocessingParameters withRoiRequired(boolean required) {
    return new PreprocessingParameters(formatVersion, bitDepthConversion, colourMode, medianKernel, gaussianKernel,
        gaussianSigma, overlayMode, required, dimFactor, cropMargin, resizeSize, cropSize, interpolation, channelOrder,
        mean, std);
  }

  /** Canonical JSON: keys sorted, no whitespace, UTF-8. */
  public byte[] canonicalJson() {
    try {
      return CANONICAL.writeValueAsBytes(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("preprocessing parameters cannot be serialised", e);
    }
  }

  /** SHA-256 (lower-case hex) of {@link #canonicalJson()}: the {@code preprocessingHash}. */
  public String sha256() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonicalJson()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  /** Returns the parameters as a map with sorted keys, for the {@code preprocessing} field of events. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> asMap() {
    try {
      return CANONICAL.readValue(canonicalJson(), Map.class);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("preprocessing parameters cannot be read back", e);
    }
  }

  /**
   * Reads parameters from JSON, such as a model card's {@code preprocessing} object.
   *
   * @throws IllegalArgumentException naming the field when a field is missing, unknown or invalid
   */
  public static PreprocessingParameters fromJson(JsonNode node) {
    try {
      return CANONICAL.treeToValue(node, PreprocessingParameters.class);
    } catch (JsonProcessingException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IllegalArgumentException invalid) {
        throw invalid;
      }
      throw new IllegalArgumentException("preprocessing parameters are invalid: " + e.getOriginalMessage(), e);
    }
  }

  /** Reads parameters from JSON bytes, such as {@code preprocessing.json}. */
  public static PreprocessingParameters fromJson(byte[] json) {
    try {
      return fromJson(CANONICAL.readTree(json));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("preprocessing parameters are not valid JSON: " + e.getMessage(), e);
    }
  }

  private static <E extends Enum<E>> void requireSet(String field, E value, E[] choices) {
    if (value == null) {
      throw new IllegalArgumentException(
          "preprocessing " + field + " must be one of " + Arrays.toString(choices) + ", found null");
    }
  }

  private static void requireOddKernel(String field, int size, int max) {
    if (size < 1 || size > max || size % 2 == 0) {
      throw invalid(field, "must be an odd number of pixels from 1 to " + max, size);
    }
  }

  private static void requireFraction(String field, double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw invalid(field, "must be in [0, 1]", value);
    }
  }

  private static List<Double> requireTriple(String field, List<Double> values, boolean positive) {
    if (values == null || values.size() != 3) {
      throw invalid(field, "must list 3 values, one per channel", values);
    }
    for (Double value : values) {
      boolean valid = value != null && Double.isFinite(value) && (positive ? value > 0 : value >= 0 && value <= 1);
      if (!valid) {
        throw invalid(field, positive ? "must hold finite values above 0" : "must hold values in [0, 1]", values);
      }
    }
    return List.copyOf(values);
  }

  private static IllegalArgumentException invalid(String field, String rule, Object found) {
    return new IllegalArgumentException("preprocessing " + field + " " + rule + ", found " + found);
  }
}
