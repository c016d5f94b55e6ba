"""The regression estimate's known answers for ErrorBinsTest, in numpy from the definition (not the Java
code): bins floor(asinh(prediction) / 0.02); per reference bin with >= 10 labels its mean |e|, e², e⁴,
else those of the nearest bins around it (k-r..k+r, the smallest r <= 25) holding 10, else the
reference's pooled ones; a window's MAE = Σ N_b E|e|_b / N, MSE likewise; Var(MAE) = (Σ N_b
Var_b(|e|) + Σ_i n_i w_i² Var_i(|e|)) / N² — the window's own errors and the noise of the reference's
means: reference bin i's labels weigh w_i = Σ N_b / n(read by b) over the window bins reading it;
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
def read_set(bins, k):
    """the reference bins window bin k reads: its own with 10 labels, else the nearest k-r..k+r holding 10"""
    for rad in range(0, 26):
        sel = [j for j in sorted(bins) if k - rad <= j <= k + rad]
        if sum(bins[j][0] for j in sel) >= 10:
            return sel, False
    return sorted(bins), True

def estimate(bins, wb):
    n = mae = mse = vm = vs = pooled = 0
    weight = {}
    for k in sorted(wb):
        nb = wb[k]
        sel, is_pooled = read_set(bins, k)
        if is_pooled: pooled += nb
        lab = sum(bins[j][0] for j in sel)
        m1, m2, m4 = (sum(bins[j][i] for j in sel) / lab for i in (1, 2, 3))
        for j in sel: weight[j] = weight.get(j, 0) + nb / lab
        n += nb; mae += nb * m1; mse += nb * m2
        vm += nb * max(0, m2 - m1 * m1); vs += nb * max(0, m4 - m2 * m2)
    # the reference's noise: bin j's labels weigh weight[j] in N * estimate
    for j, w in weight.items():
        c, a, q, f = bins[j]
        if c == 0: continue
        m1, m2, m4 = a / c, q / c, f / c
        vm += w * w * c * max(0, m2 - m1 * m1); vs += w * w * c * max(0, m4 - m2 * m2)
    mae /= n; mse /= n
    rmse = np.sqrt(mse)
    return mae, np.sqrt(vm) / n, rmse, np.sqrt(vs) / n / (2 * rmse), pooled / n

mae, se_mae, rmse, se_rmse, share = estimate(bins, wb)
print("mae %.17g se %.17g" % (mae, se_mae))
print("rmse %.17g se %.17g" % (rmse, se_rmse))
print("pooled share %.17g" % share)
# predictions far beyond the reference's (asinh 3.5 away): the pooled errors
far = {}
for p in [float(5000 + i) for i in range(50)]:
    far[idx(p)] = far.get(idx(p), 0) + 1
fm, fse, _, _, fshare = estimate(bins, far)
print("far window: mae %.17g se %.17g pooled share %.17g" % (fm, fse, fshare))

# Monte Carlo: the truth of a window bin is the errors of the reference bins its estimate reads (its own
# with 10 labels, else the nearest ones holding 10, else all); each draw resamples the reference's labels
# per bin and the window's errors from the truth
errs = {}
for p, y in ref_rows():
    errs.setdefault(idx(p), []).append(p - y)
pooled_errs = np.array([e for v in errs.values() for e in v])
def source(k):
    sel, _ = read_set(errs_bins, k)
    return np.array([e for j in sel for e in errs[j]])
errs_bins = {k: [len(v)] for k, v in errs.items()}
truth = {k: source(k) for k in wb}
rng = np.random.default_rng(3)
diff, ses = [], []
for _ in range(4000):
    rb = {}
    for k, v in errs.items():
        e = rng.choice(np.array(v), len(v))
        rb[k] = [len(v), np.abs(e).sum(), (e * e).sum(), (e ** 4).sum()]
    m, se, _, _, _ = estimate(rb, wb)
    real = np.mean(np.concatenate([np.abs(rng.choice(truth[k], nb)) for k, nb in wb.items()]))
    diff.append(real - m); ses.append(se)
print("monte carlo: realised - estimated mae sd %.5f, mean se %.5f" % (np.std(diff), np.mean(ses)))
