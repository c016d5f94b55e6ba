"""Known answers for common/src/test/java/io/driftwatch/common/drift/DriftStatisticsTest.java.

Run: python3 common/src/test/python/drift_expected.py
Seeded samples (printed as Java literals) and contract §6 (docs/reference/contract.md) statistics computed with numpy/scipy.
"""
import numpy as np
from scipy import stats
from scipy.spatial.distance import jensenshannon

rng = np.random.default_rng(61)
ref = np.round(rng.normal(10, 2, 40), 1)
cur = np.round(rng.normal(11, 2.5, 35), 1)
j = lambda a: "{" + ", ".join(f"{x:.1f}" for x in a) + "}"
print("reference =", j(ref))
print("current =", j(cur))

bins = 10
edges = np.unique([np.quantile(ref, i / bins, method="inverted_cdf") for i in range(1, bins)])
print("edges =", edges.tolist())
pc = np.bincount(np.searchsorted(edges, ref, side="left"), minlength=len(edges) + 1)
qc = np.bincount(np.searchsorted(edges, cur, side="left"), minlength=len(edges) + 1)
print("reference counts =", pc.tolist())
print("current counts =", qc.tolist())
p = pc / pc.sum(); q = qc / qc.sum()
pf = np.maximum(p, 1e-4); qf = np.maximum(q, 1e-4)
print("psi", repr(float(np.sum((qf - pf) * np.log(qf / pf)))))
print("jensen_shannon", repr(float(jensenshannon(p, q, base=2))))
print("hellinger", repr(float(np.sqrt(1 - np.sum(np.sqrt(p * q))))))
ks = stats.ks_2samp(ref, cur)
print("ks_statistic", repr(float(ks.statistic)))
en = len(ref) * len(cur) / (len(ref) + len(cur))
print("ks_p_value (kstwobign.sf(sqrt(en)*D))", repr(float(stats.kstwobign.sf(np.sqrt(en) * ks.statistic))))
print("wasserstein", repr(float(stats.wasserstein_distance(ref, cur))))

# categorical: counts per category (reference has a category the current lacks, and vice versa)
rc = np.array([50, 30, 15, 5, 0])
cc = np.array([40, 25, 20, 0, 15])
chi = stats.chi2_contingency(np.vstack([rc, cc])[:, (rc + cc) > 0], correction=False)
print("chi_square_p_value", repr(float(chi.pvalue)))
pr = rc / rc.sum(); qr = cc / cc.sum()
print("categorical l_infinity", repr(float(np.max(np.abs(pr - qr)))))
print("categorical jensen_shannon", repr(float(jensenshannon(pr, qr, base=2))))
prf = np.maximum(pr, 1e-4); qrf = np.maximum(qr, 1e-4)
print("categorical psi", repr(float(np.sum((qrf - prf) * np.log(qrf / prf)))))

# Benjamini-Hochberg at 0.05 (statsmodels' multipletests(method="fdr_bh") rule, written out)
pv = np.array([0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216])
order = np.argsort(pv); m = len(pv)
ok = pv[order] <= 0.05 * np.arange(1, m + 1) / m
k = np.max(np.nonzero(ok)[0]) + 1 if ok.any() else 0
rej = np.zeros(m, bool); rej[order[:k]] = True
print("bh rejected", rej.tolist())

# Benjamini-Hochberg adjusted p-values (scipy.stats.false_discovery_control, method="bh")
print("bh adjusted", stats.false_discovery_control(pv, method="bh").tolist())
# chi-square statistic of the categorical table
print("chi_square_statistic", repr(float(chi.statistic)))

# KS p-values as ks_2samp(method='auto') gives them: exact up to 10,000 values per sample.
print("ks_p_value (ks_2samp auto: exact)", repr(float(ks.pvalue)))
for n, m, seed in [(30, 30, 1), (40, 35, 2), (200, 300, 3), (1000, 1000, 4), (500, 7000, 5), (1000, 10000, 6), (800, 12000, 7)]:
    r = np.random.default_rng(seed)
    a = r.normal(0, 1, n); b = r.normal(0.1, 1, m)
    t = stats.ks_2samp(a, b, method='auto')
    p = t.pvalue if max(n, m) <= 10000 else stats.kstwobign.sf(np.sqrt(n * m / (n + m)) * t.statistic)  # contract §6 above
    print(f"{{{repr(float(t.statistic))}, {n}, {m}, {repr(float(p))}}},")
