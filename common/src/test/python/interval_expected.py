"""Expected kpi_windows intervals for IntervalsTest (issue 20), computed independently of the Java code.

Data: deterministic formulas (the same in IntervalsTest). Methods, as statsmodels/scipy users compute
them: Wilson by its closed form; t intervals with scipy.stats.t.interval; exact Poisson with
scipy.stats.chi2.ppf; AUC with scipy.stats.mannwhitneyu, its Hanley-McNeil interval by formula;
quantile intervals by the order statistics of numpy.sort; F1 / macro F1 by the delta method with a
numerical gradient (central differences) over the multinomial cell shares.
Run: python3 common/src/test/python/interval_expected.py
"""
import numpy as np
from scipy import stats

Z = stats.norm.ppf(0.975)
N = 600


def wilson(k, n):
    p = k / n
    d = 1 + Z**2 / n
    c = (p + Z**2 / (2 * n)) / d
    h = Z / d * np.sqrt(p * (1 - p) / n + Z**2 / (4 * n * n))
    return max(0.0, c - h), min(1.0, c + h)


def tci(x):
    x = np.asarray(x, dtype=float)
    return stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=stats.sem(x))


def delta(f, cells):
    """cells: counts array; f: function of shares -> value. Var = (sum g^2 p - (sum g p)^2)/n."""
    n = cells.sum()
    p = cells / n
    v = f(p)
    g = np.zeros_like(p)
    h = 1e-7
    for i in range(len(p)):
        if p[i] == 0:
            continue
        up, dn = p.copy(), p.copy()
        up[i] += h
        dn[i] -= h
        g[i] = (f(up) - f(dn)) / (2 * h)
    var = ((g**2 * p).sum() - (g * p).sum() ** 2) / n
    return max(0.0, v - Z * np.sqrt(var)), min(1.0, v + Z * np.sqrt(var))


def show(name, ci):
    print(f"{name}: {{{float(ci[0])!r}, {float(ci[1])!r}}}")


i = np.arange(N)
# binary
score = ((i * 37) % 101) / 100.0
label = (((i * 53) % 97) < 40 + (score > 0.5) * 30).astype(float)
lab = i % 4 != 3
latency = 5 + ((i * 7919) % 1000) / 10.0
error = i % 50 == 0
cpu = 20.0 + (i * 31) % 60
s, y = score[lab], label[lab]
pred = s >= 0.5
tp, fp = int(((pred) & (y == 1)).sum()), int(((pred) & (y == 0)).sum())
fn, tn = int(((~pred) & (y == 1)).sum()), int(((~pred) & (y == 0)).sum())
n = len(y)
print("binary", dict(n=n, tp=tp, fp=fp, fn=fn, tn=tn))
show("accuracy", wilson(tp + tn, n))
show("precision", wilson(tp, tp + fp))
show("recall", wilson(tp, tp + fn))
show("error_rate", wilson(int(error.sum()), N))
show("label_coverage", wilson(n, N))
show("positive_rate", wilson(int((score >= 0.5).sum()), N))
f1 = lambda p: 2 * p[0] / (2 * p[0] + p[1] + p[2])
show("f1", delta(f1, np.array([tp, fp, fn, tn], dtype=float)))
pos, neg = s[y == 1], s[y == 0]
A = stats.mannwhitneyu(pos, neg).statistic / (len(pos) * len(neg))
n1, n0 = len(pos), len(neg)
q1, q2 = A / (2 - A), 2 * A * A / (1 + A)
se = np.sqrt((A * (1 - A) + (n1 - 1) * (q1 - A * A) + (n0 - 1) * (q2 - A * A)) / (n1 * n0))
show("roc_auc", (max(0, A - Z * se), min(1, A + Z * se)))
c = np.clip(np.where(s >= 0.5, s, 1 - s), 0, 1)
clipped = np.clip(s, 1e-15, 1 - 1e-15)
show("log_loss", tci(np.where(y == 1, -np.log(clipped), -np.log(1 - clipped))))
show("brier", tci((s - y) ** 2))
conf = np.where(score >= 0.5, score, 1 - score)
show("estimated_accuracy", tci(conf))
show("mean_prediction", tci(score))
show("latency_ms_mean", tci(latency))
show("cpu_pct_mean", tci(cpu))
for q in (0.5, 0.95, 0.99):
    srt = np.sort(latency)
    r = max(1, int(np.floor(N * q - Z * np.sqrt(N * q * (1 - q)))))
    t = min(N, int(np.ceil(N * q + Z * np.sqrt(N * q * (1 - q)))))
    show(f"latency_p{int(q * 100)}", (srt[r - 1], srt[t - 1]))
lo = stats.chi2.ppf(0.025, 2 * N) / 2 / 3600
hi = stats.chi2.ppf(0.975, 2 * N + 2) / 2 / 3600
show("throughput_per_s", (lo, hi))

# regression
rp = ((i * 29) % 113) / 10.0
ry = rp + (((i * 17) % 41) - 20) / 10.0
rl = i % 5 != 4
e = (rp - ry)[rl]
show("mae", tci(np.abs(e)))
m = tci(e**2)
show("rmse", (np.sqrt(max(0, m[0])), np.sqrt(m[1])))
show("reg_mean_prediction", tci(rp))
nz = ry[rl] != 0
show("mape", tci(np.abs(e[nz] / ry[rl][nz])))

# multiclass: classes a, b, c
cls = np.array(list("abc"))
mp = cls[(i * 7) % 3]
my = np.where((i * 11) % 10 < 7, mp, cls[(i * 5) % 3])
ml = i % 6 != 5
mp, my = mp[ml], my[ml]
cm = np.array([[((my == a) & (mp == b)).sum() for b in "abc"] for a in "abc"], dtype=float).ravel()


def macro(kind):
    def f(p):
        m = p.reshape(3, 3)
        vals = []
        for k in range(3):
            r, col, d = m[k].sum(), m[:, k].sum(), m[k, k]
            den = {"f1": r + col, "precision": col, "recall": r}[kind]
            if den > 0:
                vals.append((2 * d if kind == "f1" else d) / den)
        return np.mean(vals)
    return f


print("multiclass confusion", cm.astype(int).tolist(), "n", int(cm.sum()))
show("mc_accuracy", wilson(int((mp == my).sum()), len(my)))
for kind in ("f1", "precision", "recall"):
    show("mc_" + kind, delta(macro(kind), cm))
