package org.pd1response.preprocessing;

/** Channel order of the output tensor. Models trained in PyTorch expect RGB; OpenCV decodes BGR. */
public enum ChannelOrder {
  RGB,
  BGR
}
