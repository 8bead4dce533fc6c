//! The images of a result (ID card front and back, its security features under tilted
//! light, the person's face) as small JPEGs — IDnow's format — drawn from shapes, so no
//! photo of a real person or document is ever shipped.

/// An RGB picture drawn pixel by pixel, as a JPEG.
fn jpeg(width: u16, height: u16, pixel: impl Fn(u32, u32) -> [u8; 3]) -> Vec<u8> {
    let mut data = Vec::with_capacity(usize::from(width) * usize::from(height) * 3);
    for y in 0..u32::from(height) {
        for x in 0..u32::from(width) {
            data.extend_from_slice(&pixel(x, y));
        }
    }
    let mut out = Vec::new();
    let encoder = jpeg_encoder::Encoder::new(&mut out, 85);
    // Encoding an in-memory buffer of the declared size does not fail.
    let _ = encoder.encode(&data, width, height, jpeg_encoder::ColorType::Rgb);
    out
}

/// An ID card: a light card with a photo box (front) or a machine-readable zone (back).
pub fn id_card(front: bool) -> Vec<u8> {
    jpeg(428, 270, |x, y| {
        let border = x < 6 || y < 6 || x > 421 || y > 263;
        let photo = front && (24..140).contains(&x) && (60..220).contains(&y);
        let mrz = !front && y > 190 && y < 250 && (x / 6 + y / 12) % 2 == 0;
        match (border, photo, mrz) {
            (true, _, _) => [60, 90, 140],
            (_, true, _) => [150, 160, 175],
            (_, _, true) => [40, 40, 40],
            _ => [226 - (y / 12) as u8, 232, 240],
        }
    })
}

/// A face placeholder: a head and shoulders silhouette.
pub fn face() -> Vec<u8> {
    jpeg(240, 300, |x, y| {
        let (dx, dy) = (x as i64 - 120, y as i64 - 120);
        let head = dx * dx + dy * dy < 60 * 60;
        let (sx, sy) = (x as i64 - 120, y as i64 - 330);
        let shoulders = sx * sx / 4 + sy * sy < 110 * 110 / 4 * 4 / 2;
        if head || shoulders {
            [120, 130, 150]
        } else {
            [235, 238, 242]
        }
    })
}

/// The card's security features (holograms) as the agent's tilted-light shot: a card with
/// a shimmering band.
pub fn holograms() -> Vec<u8> {
    jpeg(428, 270, |x, y| {
        let band = (x + y) % 90 < 30;
        let shimmer = ((x * 7 + y * 3) % 255) as u8;
        if band {
            [shimmer, 200, 255 - shimmer]
        } else {
            [220, 226, 234]
        }
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn images_are_jpegs() {
        for image in [
            super::id_card(true),
            super::id_card(false),
            super::face(),
            super::holograms(),
        ] {
            assert!(
                image.starts_with(&[0xFF, 0xD8, 0xFF]),
                "JPEG start of image"
            );
            assert!(image.ends_with(&[0xFF, 0xD9]), "JPEG end of image");
            assert!(image.len() > 1000);
        }
    }
}
