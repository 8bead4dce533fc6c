//! The images of a result (ID card front and back, the person's face) as small PNGs drawn
//! from shapes, so no photo of a real person or document is ever shipped.

/// An RGB picture drawn pixel by pixel.
fn png(width: u32, height: u32, pixel: impl Fn(u32, u32) -> [u8; 3]) -> Vec<u8> {
    let mut data = Vec::with_capacity((width * height * 3) as usize);
    for y in 0..height {
        for x in 0..width {
            data.extend_from_slice(&pixel(x, y));
        }
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    // Encoding an in-memory buffer of the declared size does not fail.
    if let Ok(mut writer) = encoder.write_header() {
        let _ = writer.write_image_data(&data);
    }
    out
}

/// An ID card: a light card with a photo box (front) or a machine-readable zone (back).
pub fn id_card(front: bool) -> Vec<u8> {
    png(428, 270, |x, y| {
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
    png(240, 300, |x, y| {
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

#[cfg(test)]
mod tests {
    #[test]
    fn images_are_pngs() {
        for image in [super::id_card(true), super::id_card(false), super::face()] {
            assert!(image.starts_with(b"\x89PNG\r\n\x1a\n"));
            assert!(image.len() > 1000);
        }
    }
}
