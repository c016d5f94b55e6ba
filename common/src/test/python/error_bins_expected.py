"""The regression estimate's known answers for ErrorBinsTest, in numpy from the definition (not the Java
code): bins floor(asinh(prediction) / 0.02); per reference bin with >= 10 labels its mean |e|, e², e⁴,
else the reference's pooled ones; a window's MAE = Σ N_b E|e|_b / N, MSE likewise; Var(MAE) = (Σ N_b
Var_b(|e|) + Σ N_b² Var_b(|e|) / n_b) / N² — the window's own errors and the noise of the reference's
bin means, learned from n_b labels (bins that lend the pooled errors share one mean: (Σ N_b)² Var/n);
Var(MSE) likewise with e²; se(RMSE) = se(MSE) / (2 RMSE). Data: a formula both sides reproduce
exactly. A Monte Carlo (bootstrap of each bin's errors as the truth) checks the standard error against
the spread of realised minus estimated MAE. Run: python3 error_bins_expected.py"""
import numpy as np


def ref_rows():
    for i in range(3000):
        p = 50 + ((i * 37) % 101)          # predictions 50..150
        e = (((i * 53) % 41) - 20) * p / 400  # errors grow with the prediction
        yield float(p), float(p - e)


def idx(p):
    return int(np.floor(np.arcsinh(abs(p)) / 0.02)) * (1 if p >= 0 else -1) - (1 if p < 0 else 0)


bins = {}
for p, y in ref_rows():
    e = p - y
    b = bins.setdefault(idx(p), [0, 0.0, 0.0, 0.0])
    b[0] += 1; b[1] += abs(e); b[2] += e * e; b[3] += e ** 4
N = sum(b[0] for b in bins.values())
pm = [sum(b[k] for b in bins.values()) / N for k in (1, 2, 3)]
window = [float(100 + ((i * 29) % 61)) for i in range(500)]  # predictions 100..160 (covariate shift)
wb = {}
for p in window:
    wb[idx(p)] = wb.get(idx(p), 0) + 1
def estimate(bins, wb):
    N = sum(b[0] for b in bins.values())
    pm = [sum(b[k] for b in bins.values()) / N for k in (1, 2, 3)]
    n = mae = mse = vm = vs = pooled = 0
    for k, nb in wb.items():
        r = bins.get(k)
        if r and r[0] >= 10:
            m1, m2, m4 = r[1] / r[0], r[2] / r[0], r[3] / r[0]
            own = nb * nb / r[0]
        else:
            m1, m2, m4 = pm; pooled += nb; own = 0
        v1, v2 = max(0, m2 - m1 * m1), max(0, m4 - m2 * m2)
        n += nb; mae += nb * m1; mse += nb * m2; vm += nb * v1 + own * v1; vs += nb * v2 + own * v2
    pv1, pv2 = max(0, pm[1] - pm[0] ** 2), max(0, pm[2] - pm[1] ** 2)
    vm += pooled * pooled * pv1 / N; vs += pooled * pooled * pv2 / N
    mae /= n; mse /= n
    rmse = np.sqrt(mse)
    return mae, np.sqrt(vm) / n, rmse, np.sqrt(vs) / n / (2 * rmse), pooled / n

mae, se_mae, rmse, se_rmse, share = estimate(bins, wb)
print("mae %.17g se %.17g" % (mae, se_mae))
print("rmse %.17g se %.17g" % (rmse, se_rmse))
print("pooled share %.17g" % share)

# Monte Carlo: the truth is each reference bin's errors (the pooled ones where a bin has fewer than 10);
# each draw resamples the reference's labels per bin and the window's errors from the truth
errs = {}
for p, y in ref_rows():
    errs.setdefault(idx(p), []).append(p - y)
pooled_errs = np.array([e for v in errs.values() for e in v])
truth = {k: np.array(v) if len(v) >= 10 else pooled_errs for k, v in errs.items()}
rng = np.random.default_rng(3)
diff, ses = [], []
for _ in range(4000):
    rb = {}
    for k, v in errs.items():
        e = rng.choice(np.array(v), len(v))
        rb[k] = [len(v), np.abs(e).sum(), (e * e).sum(), (e ** 4).sum()]
    m, se, _, _, _ = estimate(rb, wb)
    real = np.mean(np.concatenate([np.abs(rng.choice(truth.get(k, pooled_errs), nb)) for k, nb in wb.items()]))
    diff.append(real - m); ses.append(se)
print("monte carlo: realised - estimated mae sd %.5f, mean se %.5f" % (np.std(diff), np.mean(ses)))
