"""A seeded corpus of camera-like frames for measuring QR decoding; nothing is downloaded.

Each frame is what a USB camera at a counter sees (640x480, a quarter at 1280x720): a code
on a phone screen or on paper, held by a hand, among other things, through a cheap lens
and sensor. The generator is meant to be independent of what the scan pipeline assumes, so
its degradations come from how the pictures are made, not from what the pipeline undoes:

- codes of every error-correction level (L, M, Q, H) and payload: static numbers, kpay:
  URIs, JWS-length signed codes, and binary payloads with control characters, from 2.2 to
  well over 10 pixels a module;
- phone screens drawn as their red, green and blue sub-pixels and resampled by the camera
  without filtering, which makes the moire a camera sees on a screen; reflections of a
  window or a lamp on the glass, often clipped white; dark mode;
- printed codes on paper or a sticker, flat or curved round a cup or a wrist, in shadow;
- a hand (thumb and fingers) holding the phone, sometimes over the quiet zone;
- two codes in view (a second phone, or a poster behind), and frames with no code: an empty
  counter, a phone or paper with text, a 1-D barcode, a keyboard-like grid, a hand alone;
- the lens and sensor: defocus as a disc (not a Gaussian), motion along a line, barrel
  distortion, vignetting, exposure and gamma, a Bayer mosaic demosaiced, shot and read
  noise, JPEG or YUYV chroma subsampling.

Each frame with a code also carries its ground truth: the code's modules and where each
module's centre landed in the frame (through the pose, a card's bend and the lens), which
benchmarks/qr_readable.py hands an ideal reader to tell what could be read at all. Working
it out draws no random number, so it changed no frame of either split (the first 80 of each
hash the same as before, pixels and conditions).

`frames.split("tune")` is what the pipeline may be tuned on; `split("held-out")` is never looked at
while choosing anything, only measured. Both are the same distribution from different seeds.
"""
