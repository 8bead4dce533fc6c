// A chart as PNG: its canvas drawn on the theme's background (Chart.js leaves it
// transparent). The bytes go to the Rust side, which writes the file the officer chose;
// nothing is written from here.
export async function canvasToPng(chart: HTMLCanvasElement, background: string): Promise<Uint8Array> {
  const canvas = document.createElement("canvas");
  canvas.width = chart.width;
  canvas.height = chart.height;
  const context = canvas.getContext("2d");
  if (!context) throw new Error("no canvas");
  context.fillStyle = background;
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(chart, 0, 0);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"));
  if (!blob) throw new Error("no PNG");
  return new Uint8Array(await blob.arrayBuffer());
}
