"""Multivariate drift's known answers for PcaReconstructionTest, with numpy only (its SVD), independent
of the Java code's co-moments: every value compressed by asinh (as CoMoments does), then standardise with
the reference's mean and sample standard deviation
(ddof=1), PCA by the SVD of the standardised reference, keep the fewest components whose variance
reaches 65 %, and average each window record's squared distance to its projection.
Run: python3 pca_expected.py"""
import numpy as np


def rows(lo, hi, flip):
    out = []
    for i in range(lo, hi):
        x1 = ((i * 37) % 101) / 10.0
        x2 = (-0.5 if flip else 0.5) * x1 + ((i * 53) % 89) / 20.0
        x3 = ((i * 17) % 43) / 7.0 - x1 * 0.2
        x4 = ((i * 29) % 61) / 3.0
        out.append([x1, x2, x3, x4])
    return np.arcsinh(np.array(out))


ref = rows(0, 400, False)
mu, sd = ref.mean(axis=0), ref.std(axis=0, ddof=1)
z = (ref - mu) / sd
u, s, vt = np.linalg.svd(z, full_matrices=False)
var = s ** 2
k = int(np.searchsorted(np.cumsum(var) / var.sum(), 0.65) + 1)
v = vt[:k].T


def err(x):
    zz = (x - mu) / sd
    return np.mean(np.sum((zz - zz @ v @ v.T) ** 2, axis=1))


print("components", k, "explained %.17g" % (var[:k].sum() / var.sum()))
print("same  %.17g" % err(rows(1000, 1200, False)))
print("flip  %.17g" % err(rows(1000, 1200, True)))
