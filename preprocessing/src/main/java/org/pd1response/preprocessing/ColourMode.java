package org.pd1response.preprocessing;

/** Treatment of colour in the input. The output always has three channels. */
public enum ColourMode {
  /** Colour images keep their colour; grey images are copied into all three channels. */
  KEEP,
  /** Colour images become grey (BT.601 luma weights) first; every output has three equal channels. */
  GREY
}
