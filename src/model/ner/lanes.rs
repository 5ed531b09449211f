//! The tagger's rows of label scores as SIMD vectors: the first eight labels in two SSE
//! registers, the ninth as a float of its own. Written with the intrinsics rather than
//! left to the compiler's auto-vectoriser, whose choices for the same loops changed with
//! edits elsewhere in the crate (`decode` moved by ±90 M instructions at 1,000
//! articles between builds with no change to its source).
//!
//! Every operation is the IEEE operation a scalar loop over the lanes would do, lane by
//! lane: the same additions, products and comparisons, so the same floats.

use super::model::LABELS;

/// How many labels [`Wide`] holds: all but the last.
pub const WIDE: usize = 8;

const _: () = assert!(LABELS == WIDE + 1);

#[cfg(target_arch = "x86_64")]
mod sse {
    use std::arch::x86_64::{
        __m128, _mm_add_ps, _mm_and_ps, _mm_andnot_ps, _mm_cmpgt_ps, _mm_cvtepi32_ps, _mm_max_ps,
        _mm_mul_ps, _mm_or_ps, _mm_set1_ps, _mm_setr_epi16, _mm_setr_ps, _mm_srai_epi32,
        _mm_unpackhi_epi16, _mm_unpacklo_epi16,
    };

    // SAFETY (every `unsafe` block of this module): the intrinsics called need SSE and
    // SSE2, which every x86_64 target has (they are in the architecture's baseline, and
    // enabled in every build for it); none of them reads or writes memory.

    /// Eight lanes in two registers.
    #[derive(Clone, Copy)]
    pub struct Wide(__m128, __m128);

    impl Wide {
        #[inline(always)]
        pub fn splat(x: f32) -> Wide {
            let v = unsafe { _mm_set1_ps(x) };
            Wide(v, v)
        }

        #[inline(always)]
        pub fn new(a: &[f32; 8]) -> Wide {
            unsafe {
                Wide(
                    _mm_setr_ps(a[0], a[1], a[2], a[3]),
                    _mm_setr_ps(a[4], a[5], a[6], a[7]),
                )
            }
        }

        #[inline(always)]
        pub fn to_array(self) -> [f32; 8] {
            // SAFETY: two vectors of four floats are eight floats.
            unsafe { std::mem::transmute::<(__m128, __m128), [f32; 8]>((self.0, self.1)) }
        }

        #[inline(always)]
        pub fn add(self, o: Wide) -> Wide {
            unsafe { Wide(_mm_add_ps(self.0, o.0), _mm_add_ps(self.1, o.1)) }
        }

        /// Lane by lane, `if self > o { self } else { o }` (MAXPS is exactly that,
        /// NaNs and equal zeros included).
        #[inline(always)]
        pub fn max(self, o: Wide) -> Wide {
            unsafe { Wide(_mm_max_ps(self.0, o.0), _mm_max_ps(self.1, o.1)) }
        }

        /// Lane by lane, `if self > bound { then } else { otherwise }`.
        #[inline(always)]
        pub fn above(self, bound: Wide, then: Wide, otherwise: Wide) -> Wide {
            #[inline(always)]
            fn pick(m: __m128, a: __m128, b: __m128) -> __m128 {
                unsafe { _mm_or_ps(_mm_and_ps(m, a), _mm_andnot_ps(m, b)) }
            }
            unsafe {
                let (m0, m1) = (_mm_cmpgt_ps(self.0, bound.0), _mm_cmpgt_ps(self.1, bound.1));
                Wide(pick(m0, then.0, otherwise.0), pick(m1, then.1, otherwise.1))
            }
        }

        /// Lane by lane, `f32::from(w[l]) * scale`.
        #[inline(always)]
        pub fn scaled(w: &[i16; 8], scale: f32) -> Wide {
            unsafe {
                let v = _mm_setr_epi16(w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]);
                // Each i16 into the high half of an i32, then shifted down with its sign.
                let lo = _mm_srai_epi32::<16>(_mm_unpacklo_epi16(v, v));
                let hi = _mm_srai_epi32::<16>(_mm_unpackhi_epi16(v, v));
                let s = _mm_set1_ps(scale);
                Wide(
                    _mm_mul_ps(_mm_cvtepi32_ps(lo), s),
                    _mm_mul_ps(_mm_cvtepi32_ps(hi), s),
                )
            }
        }

        /// Where `self > o`, lane by lane (for the tests).
        #[cfg(test)]
        pub fn greater(self, o: Wide) -> [bool; 8] {
            let m = unsafe { Wide(_mm_cmpgt_ps(self.0, o.0), _mm_cmpgt_ps(self.1, o.1)) };
            m.to_array().map(|x| x.to_bits() != 0)
        }
    }
}

/// The same lanes as plain floats: for other processors, and the reference the tests
/// hold the SSE lanes to.
#[cfg(any(not(target_arch = "x86_64"), test))]
mod portable {
    /// Eight lanes, left to the compiler.
    #[derive(Clone, Copy)]
    pub struct Wide([f32; 8]);

    impl Wide {
        #[inline(always)]
        pub fn splat(x: f32) -> Wide {
            Wide([x; 8])
        }

        #[inline(always)]
        pub fn new(a: &[f32; 8]) -> Wide {
            Wide(*a)
        }

        #[inline(always)]
        pub fn to_array(self) -> [f32; 8] {
            self.0
        }

        #[inline(always)]
        pub fn add(self, o: Wide) -> Wide {
            Wide(std::array::from_fn(|l| self.0[l] + o.0[l]))
        }

        /// `if self > o { self } else { o }`, lane by lane, as MAXPS does.
        #[inline(always)]
        pub fn max(self, o: Wide) -> Wide {
            self.above(o, self, o)
        }

        #[inline(always)]
        pub fn above(self, bound: Wide, then: Wide, otherwise: Wide) -> Wide {
            Wide(std::array::from_fn(|l| {
                if self.0[l] > bound.0[l] {
                    then.0[l]
                } else {
                    otherwise.0[l]
                }
            }))
        }

        #[inline(always)]
        pub fn scaled(w: &[i16; 8], scale: f32) -> Wide {
            Wide(w.map(|w| f32::from(w) * scale))
        }

        #[cfg(test)]
        pub fn greater(self, o: Wide) -> [bool; 8] {
            std::array::from_fn(|l| self.0[l] > o.0[l])
        }
    }
}

#[cfg(not(target_arch = "x86_64"))]
pub use portable::Wide;
#[cfg(target_arch = "x86_64")]
pub use sse::Wide;

/// The scores of all the labels: eight lanes and the last label's float.
#[derive(Clone, Copy)]
pub struct Row {
    wide: Wide,
    last: f32,
}

impl Row {
    #[inline(always)]
    pub fn new(a: &[f32; LABELS]) -> Row {
        let (wide, last) = a.split_first_chunk::<WIDE>().expect("LABELS > WIDE");
        Row {
            wide: Wide::new(wide),
            last: last[0],
        }
    }

    #[inline(always)]
    pub fn to_array(self) -> [f32; LABELS] {
        let mut out = [0.0; LABELS];
        out[..WIDE].copy_from_slice(&self.wide.to_array());
        out[WIDE] = self.last;
        out
    }

    /// `self[l] + row[l]` for every label.
    #[inline(always)]
    pub fn add(self, row: &[f32; LABELS]) -> Row {
        let r = Row::new(row);
        Row {
            wide: self.wide.add(r.wide),
            last: self.last + r.last,
        }
    }

    /// `self[l] + f32::from(w[l]) * scale` for every label: what adding a row of the
    /// tagger's quantised weights adds.
    #[inline(always)]
    pub fn add_quantised(self, w: &[i16; LABELS], scale: f32) -> Row {
        let (wide, last) = w.split_first_chunk::<WIDE>().expect("LABELS > WIDE");
        Row {
            wide: self.wide.add(Wide::scaled(wide, scale)),
            last: self.last + f32::from(last[0]) * scale,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Floats that make the lanes' corner cases: infinities, NaN, signed zeros,
    /// subnormals, and ordinary values.
    const ODD: [f32; 12] = [
        f32::NEG_INFINITY,
        f32::INFINITY,
        f32::NAN,
        0.0,
        -0.0,
        1e-45,
        -1e-40,
        1.5,
        -2.25,
        3.4e38,
        -3.4e38,
        0.1,
    ];

    fn same_float(a: f32, b: f32) -> bool {
        a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
    }

    fn eight(seed: usize) -> [f32; 8] {
        std::array::from_fn(|l| ODD[(seed + l * 5) % ODD.len()])
    }

    /// The same float, bit for bit; any NaN for a NaN (the compiler may fold a loop's
    /// sums, and makes other NaNs than the processor).
    fn same(a: [f32; 8], b: [f32; 8]) -> bool {
        a.iter().zip(&b).all(|(x, y)| same_float(*x, *y))
    }

    /// Each operation of the lanes `$wide` against a loop of floats.
    macro_rules! check_lanes {
        ($wide:ty) => {
            for i in 0..ODD.len() * 3 {
                for j in 0..ODD.len() * 3 {
                    let (a, b, c) = (eight(i), eight(j + 1), eight(i + j + 2));
                    let (x, y) = (<$wide>::new(&a), <$wide>::new(&b));
                    assert!(same(x.to_array(), a));
                    assert!(same(<$wide>::splat(a[0]).to_array(), [a[0]; 8]));
                    let sum: [f32; 8] = std::array::from_fn(|l| a[l] + b[l]);
                    assert!(same(x.add(y).to_array(), sum));
                    let max: [f32; 8] =
                        std::array::from_fn(|l| if a[l] > b[l] { a[l] } else { b[l] });
                    assert!(same(x.max(y).to_array(), max));
                    let gt: [bool; 8] = std::array::from_fn(|l| a[l] > b[l]);
                    assert_eq!(x.greater(y), gt);
                    let picked: [f32; 8] =
                        std::array::from_fn(|l| if a[l] > b[l] { c[l] } else { b[l] });
                    assert!(same(x.above(y, <$wide>::new(&c), y).to_array(), picked));
                }
            }
        };
    }

    #[test]
    fn the_lanes_do_what_a_loop_of_floats_does() {
        check_lanes!(Wide);
        check_lanes!(portable::Wide);
        let w = [i16::MIN, -1, 0, 1, 2, 300, -300, i16::MAX];
        for scale in [0.0, 1e-3, 3.3e-4, -2.0, 1e-42, f32::INFINITY] {
            let want = w.map(|w| f32::from(w) * scale);
            assert!(same(Wide::scaled(&w, scale).to_array(), want), "{scale}");
            assert!(same(portable::Wide::scaled(&w, scale).to_array(), want));
        }
    }

    #[test]
    fn a_row_adds_as_a_loop_of_floats_does() {
        let w: [i16; LABELS] = [i16::MIN, -1, 0, 1, 2, 300, -300, i16::MAX, 7];
        for seed in 0..ODD.len() {
            let start: [f32; LABELS] = std::array::from_fn(|l| ODD[(seed + l) % ODD.len()]);
            let row = Row::new(&start);
            assert!(
                row.to_array()
                    .iter()
                    .zip(&start)
                    .all(|(a, b)| same_float(*a, *b))
            );
            for scale in [1e-3, -2.0, 1e-42] {
                let got = row.add_quantised(&w, scale).to_array();
                let twice = Row::new(&got).add(&start).to_array();
                for l in 0..LABELS {
                    let want = start[l] + f32::from(w[l]) * scale;
                    assert!(same_float(got[l], want), "{l} {scale}");
                    assert!(same_float(twice[l], got[l] + start[l]), "{l} {scale}");
                }
            }
        }
    }
}
