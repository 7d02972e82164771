package io.recon.trainer.eval;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Detection quality of anomaly scores against labels (true = anomaly): ranking metrics (AUROC, AUPRC as
 * average precision, best F1 over all thresholds) and the confusion at a given threshold.
 */
public record DetectionMetrics(int n, int anomalies, double auroc, double auprc, double bestF1, double bestF1Threshold,
        double threshold, double precision, double recall, double f1, double far, double mar) {

    public static DetectionMetrics of(float[] scores, boolean[] anomalous, double threshold) {
        int n = scores.length;
        if (n != anomalous.length) {
            throw new IllegalArgumentException("scores and labels differ in length");
        }
        int pos = 0;
        for (boolean a : anomalous) {
            pos += a ? 1 : 0;
        }
        int neg = n - pos;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        // walk thresholds from high to low, tie groups at once
        double auc = 0;
        double ap = 0;
        double bestF1 = 0;
        double bestThreshold = Double.NaN;
        int tp = 0;
        int fp = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            int groupTp = 0;
            int groupFp = 0;
            while (j < n && scores[order[j]] == scores[order[i]]) {
                if (anomalous[order[j]]) {
                    groupTp++;
                } else {
                    groupFp++;
                }
                j++;
            }
            // area of the ROC step (trapezoid for ties)
            auc += groupFp * (tp + groupTp / 2.0);
            tp += groupTp;
            fp += groupFp;
            if (groupTp > 0) {
                ap += groupTp * (tp / (double) (tp + fp));
            }
            double precision = tp + fp == 0 ? 0 : tp / (double) (tp + fp);
            double recall = pos == 0 ? 0 : tp / (double) pos;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            if (f1 > bestF1) {
                bestF1 = f1;
                bestThreshold = scores[order[i]];
            }
            i = j;
        }
        double auroc = pos == 0 || neg == 0 ? Double.NaN : auc / ((double) pos * neg);
        double auprc = pos == 0 ? Double.NaN : ap / pos;
        int tpT = 0;
        int fpT = 0;
        for (int k = 0; k < n; k++) {
            if (scores[k] > threshold) {
                if (anomalous[k]) {
                    tpT++;
                } else {
                    fpT++;
                }
            }
        }
        double precision = tpT + fpT == 0 ? 0 : tpT / (double) (tpT + fpT);
        double recall = pos == 0 ? 0 : tpT / (double) pos;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        double far = neg == 0 ? 0 : fpT / (double) neg;
        double mar = pos == 0 ? 0 : (pos - tpT) / (double) pos;
        return new DetectionMetrics(n, pos, auroc, auprc, bestF1, bestThreshold, threshold, precision, recall, f1, far, mar);
    }

    /** ROC curve points (false-positive rate, true-positive rate), one per distinct score, from (0,0) to (1,1). */
    public static double[][] roc(float[] scores, boolean[] anomalous) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        int pos = 0;
        for (boolean a : anomalous) {
            pos += a ? 1 : 0;
        }
        int neg = n - pos;
        java.util.List<double[]> pts = new java.util.ArrayList<>();
        pts.add(new double[] {0, 0});
        int tp = 0;
        int fp = 0;
        for (int i = 0; i < n; i++) {
            if (anomalous[order[i]]) {
                tp++;
            } else {
                fp++;
            }
            if (i == n - 1 || scores[order[i + 1]] != scores[order[i]]) {
                pts.add(new double[] {neg == 0 ? 0 : fp / (double) neg, pos == 0 ? 0 : tp / (double) pos});
            }
        }
        return pts.toArray(new double[0][]);
    }
}
