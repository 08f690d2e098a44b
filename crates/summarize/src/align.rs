pub fn align(_d: &crate::Document, s: &[String]) -> Vec<Vec<usize>> { vec![vec![]; s.len()] }
