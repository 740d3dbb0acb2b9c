import { useEffect, useState } from 'react';
import QRCode from 'qrcode';

interface QrCodeProps {
  /** What the code encodes: a full https address. */
  value: string;
  size?: number;
  /** Read out by screen readers and shown if the image fails. */
  alt: string;
}

/**
 * A QR code drawn in the browser as SVG (no server round trip, sharp when printed). Medium error
 * correction: printed slips get folded and smudged.
 */
export function QrCode({ value, size = 120, alt }: QrCodeProps) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    QRCode.toString(value, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 })
      .then((svg) => !cancelled && setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`))
      .catch(() => !cancelled && setSrc(null));
    return () => {
      cancelled = true;
    };
  }, [value]);
  return src ? <img src={src} alt={alt} width={size} height={size} style={{ display: 'block', imageRendering: 'pixelated' }} /> : <div style={{ width: size, height: size, background: '#fafafa' }} aria-label={alt} />;
}
