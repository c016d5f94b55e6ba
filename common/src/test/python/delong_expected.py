"""DeLong's AUC variance for RocAucTest, by midranks (Sun & Xu 2014, "fast DeLong"), independent of
the Java code's merge of sorted lists. Run: python3 delong_expected.py"""
import numpy as np
from scipy.stats import rankdata


def delong(pos, neg):
    m, n = len(pos), len(neg)
    allr = rankdata(np.concatenate([pos, neg]))  # midranks over both
    rx = rankdata(pos)
    ry = rankdata(neg)
    auc = (allr[:m].sum() - m * (m + 1) / 2) / (m * n)
    v10 = (allr[:m] - rx) / n           # share of negatives below each positive, ties one half
    v01 = 1 - (allr[m:] - ry) / m       # share of positives above each negative, ties one half
    return auc, v10.var(ddof=1) / m + v01.var(ddof=1) / n


pos = np.array([((i * 37) % 101) / 100 for i in range(40)])
neg = np.array([((j * 53) % 89) / 100 for j in range(60)])
print("exact  auc %.17g var %.17g" % delong(pos, neg))

# binned: past 100,000 labeled scores the state keeps 4096 bins; a bin is a tie
pos = np.array([((i * 7919) % 10007) / 10007.0 * 0.8 + 0.2 for i in range(60000)])
neg = np.array([((j * 104729) % 10009) / 10009.0 * 0.9 for j in range(50000)])
print("binned auc %.17g var %.17g" % delong(np.floor(pos * 4096), np.floor(neg * 4096)))
