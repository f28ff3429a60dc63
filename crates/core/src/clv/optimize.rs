//! Minimisers for the models' negative log-likelihoods, on log-parameters (so
//! every parameter stays positive).
//!
//! [`bfgs`] uses the models' analytic gradients: on a smooth likelihood of three
//! or four parameters it settles in a few dozen evaluations, so a fit on every
//! customer of a large ledger costs milliseconds, where the simplex method needs
//! thousands of evaluations. [`nelder_mead`] needs no derivatives; the fits fall
//! back on it when the quasi-Newton search stalls, and keep it only if the
//! gradient confirms the optimum.

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
    #[error("the fit did not converge (reached {reached:?}, log-likelihood {log_likelihood})")]
    NotConverged {
        /// The parameters it reached, in the model's own terms (empty when no
        /// finite point was found).
        reached: Vec<f64>,
        /// The log-likelihood there (NaN when none).
        log_likelihood: f64,
    },
}

impl FitError {
    /// No finite point at all.
    pub(crate) fn nowhere() -> Self {
        FitError::NotConverged {
            reached: Vec::new(),
            log_likelihood: f64::NAN,
        }
    }
}

/// Where a minimiser settled.
#[derive(Debug, Clone, PartialEq)]
pub struct Minimum {
    /// The point.
    pub point: Vec<f64>,
    /// The function's value there.
    pub value: f64,
    /// Largest absolute gradient component there.
    pub gradient: f64,
}

/// A function that writes its gradient into the second argument and returns its value.
pub type WithGradient<'a> = dyn Fn(&[f64], &mut [f64]) -> f64 + 'a;

/// Quasi-Newton (BFGS) minimisation with a backtracking line search, from
/// `start`, until every gradient component is below `tolerance`.
///
/// # Errors
/// The best point reached when the search stalls or runs out of iterations
/// (`Err` carries it so a caller can polish it another way).
pub fn bfgs(f: &WithGradient, start: &[f64], tolerance: f64, max_iter: usize) -> Result<Minimum, Option<Minimum>> {
    let n = start.len();
    let mut x = start.to_vec();
    let mut g = vec![0.0; n];
    let mut fx = f(&x, &mut g);
    if !fx.is_finite() || g.iter().any(|v| !v.is_finite()) {
        return Err(None);
    }
    let identity = |h: &mut Vec<f64>| {
        h.iter_mut()
            .enumerate()
            .for_each(|(i, v)| *v = if i % (n + 1) == 0 { 1.0 } else { 0.0 });
    };
    let mut h = vec![0.0; n * n];
    identity(&mut h);
    let mut fresh = true;
    let mut stalled = 0;
    let (mut x_new, mut g_new) = (vec![0.0; n], vec![0.0; n]);
    let largest = |g: &[f64]| g.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let here = |x: &[f64], fx: f64, g: &[f64]| Minimum {
        point: x.to_vec(),
        value: fx,
        gradient: largest(g),
    };
    for _ in 0..max_iter {
        if largest(&g) < tolerance {
            return Ok(here(&x, fx, &g));
        }
        let mut d: Vec<f64> = (0..n)
            .map(|i| -(0..n).map(|j| h[i * n + j] * g[j]).sum::<f64>())
            .collect();
        let mut slope: f64 = d.iter().zip(&g).map(|(a, b)| a * b).sum();
        if slope >= 0.0 || !slope.is_finite() {
            identity(&mut h);
            fresh = true;
            d = g.iter().map(|v| -v).collect();
            slope = -g.iter().map(|v| v * v).sum::<f64>();
        }
        // No step longer than e² in any log-parameter.
        let longest = largest(&d);
        let mut t = if longest > 2.0 { 2.0 / longest } else { 1.0 };
        let accepted = loop {
            for i in 0..n {
                x_new[i] = x[i] + t * d[i];
            }
            let f_new = f(&x_new, &mut g_new);
            if f_new.is_finite() && g_new.iter().all(|v| v.is_finite()) && f_new <= fx + 1e-4 * t * slope {
                break Some(f_new);
            }
            t *= 0.25;
            if t < 1e-12 {
                break None;
            }
        };
        let Some(f_new) = accepted else {
            if fresh {
                // Even steepest descent finds no lower point: as good as it gets here.
                return if largest(&g) < tolerance * 1e3 {
                    Ok(here(&x, fx, &g))
                } else {
                    Err(Some(here(&x, fx, &g)))
                };
            }
            identity(&mut h);
            fresh = true;
            continue;
        };
        let s: Vec<f64> = (0..n).map(|i| x_new[i] - x[i]).collect();
        let y: Vec<f64> = (0..n).map(|i| g_new[i] - g[i]).collect();
        let sy: f64 = s.iter().zip(&y).map(|(a, b)| a * b).sum();
        if sy > 1e-300 {
            if fresh {
                // Scale the first guess of the inverse Hessian to the curvature seen.
                let yy: f64 = y.iter().map(|v| v * v).sum();
                h.iter_mut().for_each(|v| *v *= sy / yy);
            }
            let hy: Vec<f64> = (0..n).map(|i| (0..n).map(|j| h[i * n + j] * y[j]).sum()).collect();
            let yhy: f64 = y.iter().zip(&hy).map(|(a, b)| a * b).sum();
            for i in 0..n {
                for j in 0..n {
                    h[i * n + j] += ((sy + yhy) * s[i] * s[j]) / (sy * sy) - (hy[i] * s[j] + s[i] * hy[j]) / sy;
                }
            }
            fresh = false;
        }
        // Ten steps in a row that gain nothing a double can tell: stalled.
        stalled = if fx - f_new <= 1e-14 * fx.abs() { stalled + 1 } else { 0 };
        x.copy_from_slice(&x_new);
        g.copy_from_slice(&g_new);
        fx = f_new;
        if stalled >= 10 {
            break;
        }
    }
    if largest(&g) < tolerance {
        Ok(here(&x, fx, &g))
    } else {
        Err(Some(here(&x, fx, &g)))
    }
}

/// Minimises with [`bfgs`]; if it stalls, polishes its best point with
/// [`nelder_mead`] and keeps that only where the gradient is near zero.
///
/// # Errors
/// [`FitError::NotConverged`] with the point reached (in log-parameters; the
/// caller turns it into the model's terms).
pub(crate) fn minimise(f: &WithGradient, start: &[f64], tolerance: f64) -> Result<Minimum, Option<Minimum>> {
    match bfgs(f, start, tolerance, 300) {
        Ok(m) => Ok(m),
        // Stalled where a double cannot do better: the optimum to ~1e-5 of the
        // mean log-likelihood's gradient, parameters to several digits.
        Err(Some(best)) if best.gradient < tolerance * 1e4 && best.point.iter().all(|v| v.abs() <= 15.0) => Ok(best),
        // A log-parameter past ±15 (a factor of 3·10⁶ from the start) is running
        // off to a boundary: the likelihood has no interior optimum (e.g. values
        // that do not vary within a customer), and no other search finds one.
        Err(Some(best)) if best.point.iter().any(|v| v.abs() > 15.0) => Err(Some(best)),
        Err(best) => {
            let from = best.as_ref().map_or(start.to_vec(), |m| m.point.clone());
            let scratch = std::cell::RefCell::new(vec![0.0; start.len()]);
            let value = |p: &[f64]| f(p, &mut scratch.borrow_mut());
            let Ok((p, _)) = nelder_mead(&value, &from, 0.1, 1_500) else {
                return Err(best);
            };
            // A last quasi-Newton run from the simplex's point confirms it.
            bfgs(f, &p, tolerance, 100).or_else(|b| match b {
                Some(m) if m.gradient < tolerance * 1e3 => Ok(m),
                other => Err(other.or(best)),
            })
        }
    }
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
        Err(FitError::nowhere())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rosenbrock(p: &[f64], g: &mut [f64]) -> f64 {
        g[0] = -2.0 * (1.0 - p[0]) - 400.0 * p[0] * (p[1] - p[0] * p[0]);
        g[1] = 200.0 * (p[1] - p[0] * p[0]);
        (1.0 - p[0]).powi(2) + 100.0 * (p[1] - p[0] * p[0]).powi(2)
    }

    #[test]
    fn bfgs_finds_the_minimum_of_rosenbrock() {
        let m = bfgs(&rosenbrock, &[-1.2, 1.0], 1e-10, 500).unwrap();
        assert!(m.value < 1e-18, "{m:?}");
        assert!(
            (m.point[0] - 1.0).abs() < 1e-8 && (m.point[1] - 1.0).abs() < 1e-8,
            "{m:?}"
        );
    }

    #[test]
    fn bfgs_returns_the_best_point_it_reached_when_out_of_iterations() {
        let best = bfgs(&rosenbrock, &[-1.2, 1.0], 1e-10, 3).unwrap_err().unwrap();
        assert!(best.value < rosenbrock(&[-1.2, 1.0], &mut [0.0; 2]));
    }

    #[test]
    fn finds_the_minimum_of_rosenbrock() {
        let f = |p: &[f64]| (1.0 - p[0]).powi(2) + 100.0 * (p[1] - p[0] * p[0]).powi(2);
        let (p, v) = nelder_mead(&f, &[-1.2, 1.0], 0.5, 20_000).unwrap();
        assert!(v < 1e-12, "{v}");
        assert!((p[0] - 1.0).abs() < 1e-5 && (p[1] - 1.0).abs() < 1e-5, "{p:?}");
    }
}
