/**
 * The four time-series benchmarks of the LTC paper (Hasani et al., AAAI 2021, Table 3), prepared
 * exactly as the paper's code ({@code occupancy.py}, {@code gesture.py}, {@code ozone.py}, {@code
 * traffic.py} in raminmh/liquid_time_constant_networks) prepares them, except where that code is
 * wrong.
 *
 * <table>
 *   <caption>Sizes (sequences)</caption>
 *   <tr><th>loader</th><th>train</th><th>validation</th><th>test</th><th>L × S</th>
 *       <th>targets</th><th>metric</th></tr>
 *   <tr><td>{@link io.liquid4j.experiments.datasets.Occupancy}</td><td>7,315</td><td>812</td>
 *       <td>1,549</td><td>16 × 5</td><td>per step, 2 classes</td><td>accuracy</td></tr>
 *   <tr><td>{@link io.liquid4j.experiments.datasets.Gesture}</td><td>455</td><td>60</td><td>90</td>
 *       <td>32 × 32</td><td>per step, 5 classes</td><td>accuracy</td></tr>
 *   <tr><td>{@link io.liquid4j.experiments.datasets.Ozone}</td><td>471</td><td>62</td><td>93</td>
 *       <td>32 × 72</td><td>per step, 2 classes, weighted</td><td>F1 of class 1</td></tr>
 *   <tr><td>{@link io.liquid4j.experiments.datasets.Traffic}</td><td>9,033</td><td>1,204</td>
 *       <td>1,806</td><td>32 × 7</td><td>per step, 1 real value</td><td>MSE</td></tr>
 * </table>
 *
 * <p>Each loader takes the folder holding the raw files (the repository's {@code datasets/<name>},
 * see {@code datasets/README.md}) and returns a {@link io.liquid4j.experiments.datasets.BenchmarkData}
 * whose {@code describe()} lists the preparation steps. Splits use numpy's {@code RandomState}
 * permutations, reproduced exactly by {@link io.liquid4j.data.Splits#numpyPermutation}, so the same
 * sequences land in the same parts as in the Python code.
 *
 * <p>Deliberate differences from the paper's code: the Ozone (and pre-2021 Traffic) windows are
 * kept as sequences instead of being transposed into long offset series (the paper's Ozone F1 and
 * Traffic MSE were computed with that bug); values stay in double precision where the code casts to
 * float32 (Gesture, Traffic).
 */
package io.liquid4j.experiments.datasets;
