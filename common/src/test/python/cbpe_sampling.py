"""CBPE sampling error for CbpeTest#theEstimatesSamplingErrorIsThatOfReferenceLikeWindows, by Monte Carlo
(numpy, not the Java code): windows of n predictions drawn multinomially from a fixed reference's bins,
each window's estimated F1 = 2*sum(yhat*p) / (n_pos + sum(p)) under the reference's calibration
p_b = (y_b + 1/2) / (n_b + 1); the std over the windows. Run: python3 cbpe_sampling.py"""
import numpy as np
B = 20
# reference counts per bin: predictions (bins >= 10 predicted positive), labeled, labeled positive
pred = np.array([300, 260, 220, 190, 160, 140, 120, 100, 90, 80, 60, 50, 40, 35, 30, 25, 20, 15, 10, 5])
labeled = pred // 2
mid = (np.arange(B) + 0.5) / B
lpos = np.round(labeled * mid).astype(int)
p = (lpos + 0.5) / (labeled + 1.0)
pos = np.where(np.arange(B) >= 10, pred, 0); neg = pred - pos
rng = np.random.default_rng(2026)
probs = pred / pred.sum()
isPos = (np.arange(B) >= 10).astype(float)
for n in (100, 1000):
    counts = rng.multinomial(n, probs, size=400_000)
    npos = counts @ isPos
    tp = counts @ (isPos * p)
    allp = counts @ p
    f1 = 2 * tp / (npos + allp)
    print(n, repr(f1.std(ddof=1)), repr(f1.mean()))
print("pos", list(pos), "neg", list(neg), "labeled", list(labeled), "lpos", list(lpos))
