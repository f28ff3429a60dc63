//! Nelder–Mead minimisation, used on the models' log-parameters (so every
//! parameter stays positive). Four parameters and smooth likelihoods make the
//! simplex method reliable here, with no derivatives to get wrong.

/// Why a model could not be fitted.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FitError {
    /// Too few customers (or repeat buyers) to fit.
    #[error("too few customers to fit the model: {have} (need {need})")]
    TooFew {
        /// Customers usable.
        have: usize,
        /// Customers needed.
        need: usize,
    },
    /// The search did not settle on a finite optimum.
    #[error("the fit did not converge")]
    NotConverged,
}

/// Minimises `f` from `start`; returns the point and the value.
pub fn nelder_mead(
    f: &dyn Fn(&[f64]) -> f64,
    start: &[f64],
    step: f64,
    max_evals: usize,
) -> Result<(Vec<f64>, f64), FitError> {
    let n = start.len();
    let mut simplex: Vec<Vec<f64>> = vec![start.to_vec()];
    for i in 0..n {
        let mut p = start.to_vec();
        p[i] += step;
        simplex.push(p);
    }
    let value = |p: &[f64]| {
        let v = f(p);
        if v.is_finite() {
            v
        } else {
            f64::INFINITY
        }
    };
    let mut values: Vec<f64> = simplex.iter().map(|p| value(p)).collect();
    let mut evals = n + 1;
    while evals < max_evals {
        let mut order: Vec<usize> = (0..=n).collect();
        order.sort_by(|&i, &j| values[i].total_cmp(&values[j]));
        simplex = order.iter().map(|&i| simplex[i].clone()).collect();
        values = order.iter().map(|&i| values[i]).collect();
        let spread = (values[n] - values[0]).abs();
        let size = simplex[1..]
            .iter()
            .map(|p| {
                p.iter()
                    .zip(&simplex[0])
                    .map(|(a, b)| (a - b).abs())
                    .fold(0.0, f64::max)
            })
            .fold(0.0, f64::max);
        if spread < 1e-9 * (1.0 + values[0].abs()) && size < 1e-6 {
            break;
        }
        let centroid: Vec<f64> = (0..n)
            .map(|k| simplex[..n].iter().map(|p| p[k]).sum::<f64>() / n as f64)
            .collect();
        let towards = |t: f64| -> Vec<f64> {
            (0..n)
                .map(|k| centroid[k] + t * (simplex[n][k] - centroid[k]))
                .collect()
        };
        let reflected = towards(-1.0);
        let fr = value(&reflected);
        evals += 1;
        if fr < values[0] {
            let expanded = towards(-2.0);
            let fe = value(&expanded);
            evals += 1;
            if fe < fr {
                simplex[n] = expanded;
                values[n] = fe;
            } else {
                simplex[n] = reflected;
                values[n] = fr;
            }
        } else if fr < values[n - 1] {
            simplex[n] = reflected;
            values[n] = fr;
        } else {
            let contracted = if fr < values[n] { towards(-0.5) } else { towards(0.5) };
            let fc = value(&contracted);
            evals += 1;
            if fc < values[n].min(fr) {
                simplex[n] = contracted;
                values[n] = fc;
            } else {
                // Shrink towards the best point.
                for i in 1..=n {
                    simplex[i] = (0..n)
                        .map(|k| simplex[0][k] + 0.5 * (simplex[i][k] - simplex[0][k]))
                        .collect();
                    values[i] = value(&simplex[i]);
                }
                evals += n;
            }
        }
    }
    let best = (0..=n).min_by(|&i, &j| values[i].total_cmp(&values[j])).unwrap_or(0);
    if values[best].is_finite() && simplex[best].iter().all(|x| x.is_finite()) {
        Ok((simplex[best].clone(), values[best]))
    } else {
        Err(FitError::NotConverged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_minimum_of_rosenbrock() {
        let f = |p: &[f64]| (1.0 - p[0]).powi(2) + 100.0 * (p[1] - p[0] * p[0]).powi(2);
        let (p, v) = nelder_mead(&f, &[-1.2, 1.0], 0.5, 20_000).unwrap();
        assert!(v < 1e-12, "{v}");
        assert!((p[0] - 1.0).abs() < 1e-5 && (p[1] - 1.0).abs() < 1e-5, "{p:?}");
    }
}
