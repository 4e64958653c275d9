package org.pd1response.preprocess.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import org.pd1response.preprocessing.BitDepthConversion;
import org.pd1response.preprocessing.ChannelOrder;
import org.pd1response.preprocessing.ColourMode;
import org.pd1response.preprocessing.ImageLimits;
import org.pd1response.preprocessing.Interpolation;
import org.pd1response.preprocessing.OverlayMode;
import org.pd1response.preprocessing.PreprocessingParameters;

/** Settings of the preprocess service. */
@ConfigMapping(prefix = "pipeline.preprocess")
public interface PreprocessConfig {

  /** Registry name of the imaging model whose card supplies the preprocessing parameters. */
  @WithDefault("imaging-cnn")
  String imagingModelName();

  /** How long the current imaging model version is trusted before the registry is asked again. */
  @WithDefault("30s")
  Duration modelCheckInterval();

  /** Smallest accepted image width and height, in pixels. */
  @WithDefault("64")
  int minSide();

  /** Largest accepted image width and height, in pixels. */
  @WithDefault("16384")
  int maxSide();

  /** Parameters used while the registry has no current imaging model. */
  Defaults defaults();

  default ImageLimits limits() {
    return new ImageLimits(minSide(), maxSide());
  }

  /** Preprocessing parameters used while no imaging model card supplies them; see the library for each step. */
  interface Defaults {

    /** Conversion of 16-bit images to 8-bit: SCALE or MIN_MAX. */
    @WithDefault("SCALE")
    BitDepthConversion bitDepthConversion();

    /** KEEP colour or turn it into GREY. */
    @WithDefault("KEEP")
    ColourMode colourMode();

    /** Side of the median filter in pixels; odd, 1 switches it off. */
    @WithDefault("5")
    int medianKernel();

    /** Side of the Gaussian kernel in pixels; odd, 1 switches it off. */
    @WithDefault("5")
    int gaussianKernel();

    /** Standard deviation of the Gaussian in pixels. */
    @WithDefault("1.0")
    double gaussianSigma();

    /** ROI overlay: NONE, DIM, BLANK or CROP. */
    @WithDefault("BLANK")
    OverlayMode overlayMode();

    /** Whether an image without a non-empty ROI mask is rejected. */
    @WithDefault("true")
    boolean roiRequired();

    /** Factor for pixels outside the ROI in DIM mode, 0..1. */
    @WithDefault("0.3")
    double dimFactor();

    /** Margin around the ROI's bounding box in CROP mode, as a fraction of the box. */
    @WithDefault("0.1")
    double cropMargin();

    /** Side of the square image after resizing, in pixels. */
    @WithDefault("256")
    int resizeSize();

    /** Side of the central crop after resizing, in pixels. */
    @WithDefault("224")
    int cropSize();

    /** Resampling used to resize: LINEAR or AREA. */
    @WithDefault("AREA")
    Interpolation interpolation();

    /** Channel order of the tensor: RGB or BGR. */
    @WithDefault("RGB")
    ChannelOrder channelOrder();

    /** Per-channel mean subtracted from grey levels scaled to 0..1, in tensor channel order. */
    @WithDefault("0.485,0.456,0.406")
    List<Double> mean();

    /** Per-channel standard deviation the centred values are divided by. */
    @WithDefault("0.229,0.224,0.225")
    List<Double> std();

    default PreprocessingParameters toParameters() {
      return new PreprocessingParameters(PreprocessingParameters.CURRENT_FORMAT_VERSION, bitDepthConversion(),
          colourMode(), medianKernel(), gaussianKernel(), gaussianSigma(), overlayMode(), roiRequired(), dimFactor(),
          cropMargin(), resizeSize(), cropSize(), interpolation(), channelOrder(), mean(), std());
    }
  }
}
