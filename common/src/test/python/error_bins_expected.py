"""The regression estimate's known answers for ErrorBinsTest, in numpy from the definition (not the Java
code): bins floor(asinh(prediction) / 0.02); per reference bin with >= 10 labels its mean |e|, e², e⁴,
else the reference's pooled ones; a window's MAE = Σ N_b E|e|_b / N, MSE likewise, Var(MAE) = Σ N_b
Var_b(|e|) / N², Var(MSE) = Σ N_b Var_b(e²) / N², se(RMSE) = se(MSE) / (2 RMSE). Data: a formula both
sides reproduce exactly. Run: python3 error_bins_expected.py"""
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
n = mae = mse = vm = vs = pooled = 0
for k, nb in wb.items():
    r = bins.get(k)
    if r and r[0] >= 10:
        m1, m2, m4 = r[1] / r[0], r[2] / r[0], r[3] / r[0]
    else:
        m1, m2, m4 = pm; pooled += nb
    n += nb; mae += nb * m1; mse += nb * m2; vm += nb * max(0, m2 - m1 * m1); vs += nb * max(0, m4 - m2 * m2)
mae /= n; mse /= n
se_mae = np.sqrt(vm) / n; rmse = np.sqrt(mse); se_rmse = np.sqrt(vs) / n / (2 * rmse)
print("mae %.17g se %.17g" % (mae, se_mae))
print("rmse %.17g se %.17g" % (rmse, se_rmse))
print("pooled share %.17g" % (pooled / n))
