// SSIM (Wang, Bovik, Sheikh and Simoncelli 2004) on luma, in plain JS: the image bench compares encoders at
// equal bytes by how much of the picture they keep, and no SSIM or butteraugli package is among the
// project's dependencies. The standard form: BT.601 luma, an 11×11 Gaussian window (σ 1.5), K1 0.01,
// K2 0.03, the mean over every window that fits inside the picture.
//
// Usage:
//   const reference = lumaOf(refPixels, refWidth, refHeight, 3);
//   const decoded = await sharp(file).raw().toBuffer({ resolveWithObject: true });
//   const score = ssim(reference, lumaOf(decoded.data, decoded.info.width, decoded.info.height, decoded.info.channels));
//   // 1 = identical; encoders at the same bytes differ in the second or third decimal.

const WINDOW_RADIUS = 5;
const SIGMA = 1.5;
const C1 = (0.01 * 255) ** 2;
const C2 = (0.03 * 255) ** 2;
const KERNEL = gaussianKernel();

/** Luma plane { data, width, height } of interleaved 8-bit pixels (the first three channels are RGB). */
export function lumaOf(pixels, width, height, channels) {
  const data = new Float32Array(width * height);
  for (let i = 0; i < data.length; i++) {
    const at = i * channels;
    data[i] = 0.299 * pixels[at] + 0.587 * pixels[at + 1] + 0.114 * pixels[at + 2];
  }
  return { data, width, height };
}

/** Mean SSIM of two luma planes over the area both cover (their top-left corners aligned). */
export function ssim(a, b) {
  const width = Math.min(a.width, b.width);
  const height = Math.min(a.height, b.height);
  const x = crop(a, width, height);
  const y = crop(b, width, height);
  const product = (p, q) => p.map((value, i) => value * q[i]);
  const muX = blur(x, width, height);
  const muY = blur(y, width, height);
  const xx = blur(product(x, x), width, height);
  const yy = blur(product(y, y), width, height);
  const xy = blur(product(x, y), width, height);
  let sum = 0;
  for (let i = 0; i < muX.length; i++) {
    const mx = muX[i];
    const my = muY[i];
    const covariance = xy[i] - mx * my;
    sum +=
      ((2 * mx * my + C1) * (2 * covariance + C2)) /
      ((mx * mx + my * my + C1) * (xx[i] - mx * mx + (yy[i] - my * my) + C2));
  }
  return sum / muX.length;
}

function crop({ data, width }, cropWidth, cropHeight) {
  if (width === cropWidth) return data.subarray(0, cropWidth * cropHeight);
  const out = new Float32Array(cropWidth * cropHeight);
  for (let row = 0; row < cropHeight; row++)
    out.set(data.subarray(row * width, row * width + cropWidth), row * cropWidth);
  return out;
}

/** The separable Gaussian over the windows that fit: (width - 10) × (height - 10) values. */
function blur(plane, width, height) {
  const outWidth = width - 2 * WINDOW_RADIUS;
  const outHeight = height - 2 * WINDOW_RADIUS;
  const rows = new Float32Array(outWidth * height);
  for (let row = 0; row < height; row++) {
    const base = row * width;
    for (let col = 0; col < outWidth; col++) {
      let sum = 0;
      for (let k = 0; k < KERNEL.length; k++) sum += KERNEL[k] * plane[base + col + k];
      rows[row * outWidth + col] = sum;
    }
  }
  const out = new Float32Array(outWidth * outHeight);
  for (let row = 0; row < outHeight; row++) {
    for (let col = 0; col < outWidth; col++) {
      let sum = 0;
      for (let k = 0; k < KERNEL.length; k++) sum += KERNEL[k] * rows[(row + k) * outWidth + col];
      out[row * outWidth + col] = sum;
    }
  }
  return out;
}

function gaussianKernel() {
  const weights = Array.from({ length: 2 * WINDOW_RADIUS + 1 }, (_, i) =>
    Math.exp(-((i - WINDOW_RADIUS) ** 2) / (2 * SIGMA * SIGMA)),
  );
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return Float64Array.from(weights, (weight) => weight / total);
}
