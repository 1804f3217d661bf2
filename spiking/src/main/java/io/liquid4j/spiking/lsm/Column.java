package io.liquid4j.spiking.lsm;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The anatomy of a liquid column as Maass, Natschläger &amp; Markram (2002) build it: neurons on
 * the integer points of an nx × ny × nz grid (15 × 3 × 3 in the paper), a fraction of them
 * inhibitory (20 %), and a connection from a to b with probability C·exp(−(D(a, b)/λ)²), where D
 * is the Euclidean grid distance, λ sets how far connections reach (2 in the paper) and C depends
 * on the types of a and b ({@link SynapseType}).
 *
 * <p>Neurons 0 ..&lt; excitatory() are excitatory and the rest inhibitory, as in Brian2's example
 * of the paper; their positions are a random permutation of the grid points, so either kind is
 * spread over the whole column. Whether a neuron connects to itself is a choice the paper does
 * not make; Brian2's example allows it (its E→E counts of 437–461 match the 450 expected then).
 *
 * <pre>{@code
 * Column column = Column.create(15, 3, 3, 0.2, 2.0, true, new SplittableRandom(1));
 * for (Column.Connection c : column.connections()) { ... c.pre(), c.post(), c.type() ... }
 * }</pre>
 */
public final class Column {
  /**
   * The largest column, in neurons (nx·ny·nz): drawing the connections visits every pair, so
   * the work grows with its square (10⁸ pairs here; the paper's column has 135 neurons).
   */
  public static final int MAX_NEURONS = 10_000;

  /** One synapse of the column: presynaptic and postsynaptic neuron and their types. */
  public record Connection(int pre, int post, SynapseType type) {}

  private final int nx;
  private final int ny;
  private final int nz;
  private final int excitatory;
  private final int[][] positions;
  private final List<Connection> connections;

  private Column(int nx, int ny, int nz, int excitatory, int[][] positions,
      List<Connection> connections) {
    this.nx = nx;
    this.ny = ny;
    this.nz = nz;
    this.excitatory = excitatory;
    this.positions = positions;
    this.connections = connections;
  }

  /**
   * Draws a column.
   *
   * @param nx grid points along x, ≥ 1
   * @param ny grid points along y, ≥ 1
   * @param nz grid points along z, ≥ 1
   * @param inhibitoryFraction fraction of inhibitory neurons, in [0, 1] (rounded to a count)
   * @param lambda λ &gt; 0, in grid units
   * @param autapses whether a neuron may connect to itself
   * @param rng source of the positions and connections. Modified (advanced).
   * @return a new column of nx·ny·nz neurons
   * @throws IllegalArgumentException if a size is below 1, nx·ny·nz exceeds {@value
   *     #MAX_NEURONS}, or a fraction or λ is out of range
   */
  public static Column create(int nx, int ny, int nz, double inhibitoryFraction, double lambda,
      boolean autapses, SplittableRandom rng) {
    if (nx < 1 || ny < 1 || nz < 1) {
      throw new IllegalArgumentException(
          "grid: expected at least 1 × 1 × 1, found " + nx + " × " + ny + " × " + nz);
    }
    long neurons = (long) nx * ny * nz;
    if (neurons > MAX_NEURONS) {
      throw new IllegalArgumentException("grid: expected at most " + MAX_NEURONS
          + " neurons (liquid4j's limit), found " + nx + " × " + ny + " × " + nz + " = "
          + neurons);
    }
    if (!(inhibitoryFraction >= 0 && inhibitoryFraction <= 1)) {
      throw new IllegalArgumentException(
          "inhibitory fraction: expected a value in [0, 1], found " + inhibitoryFraction);
    }
    if (!(lambda > 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("lambda: expected a positive number, found " + lambda);
    }
    int n = nx * ny * nz;
    int excitatory = n - (int) Math.round(inhibitoryFraction * n);
    // Grid point of neuron k: the k-th of a random permutation of the points, as Brian2 does.
    int[] points = new int[n];
    for (int k = 0; k < n; k++) {
      points[k] = k;
    }
    for (int k = n - 1; k > 0; k--) {
      int j = rng.nextInt(k + 1);
      int tmp = points[k];
      points[k] = points[j];
      points[j] = tmp;
    }
    int[][] positions = new int[n][];
    for (int k = 0; k < n; k++) {
      int p = points[k];
      positions[k] = new int[] {p % nx, (p / nx) % ny, p / (nx * ny)};
    }
    List<Connection> connections = new ArrayList<>();
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        if (a == b && !autapses) {
          continue;
        }
        SynapseType type = SynapseType.of(a < excitatory, b < excitatory);
        double d2 = squaredDistance(positions[a], positions[b]);
        if (rng.nextDouble() < type.connection() * Math.exp(-d2 / (lambda * lambda))) {
          connections.add(new Connection(a, b, type));
        }
      }
    }
    return new Column(nx, ny, nz, excitatory, positions, List.copyOf(connections));
  }

  /**
   * The paper's column: 15 × 3 × 3, 20 % inhibitory, λ = 2, self-connections allowed.
   *
   * @param rng source of the positions and connections. Modified (advanced).
   * @return a new column of 135 neurons
   */
  public static Column paper(SplittableRandom rng) {
    return create(3, 3, 15, 0.2, 2.0, true, rng);
  }

  /**
   * P(a → b) = C·exp(−(D/λ)²) for the types and positions of a and b.
   *
   * @param a presynaptic neuron
   * @param b postsynaptic neuron
   * @param lambda λ &gt; 0, in grid units
   * @return the probability of a connection a → b, in [0, 1]
   */
  public double probability(int a, int b, double lambda) {
    SynapseType type = SynapseType.of(a < excitatory, b < excitatory);
    return type.connection()
        * Math.exp(-squaredDistance(positions[a], positions[b]) / (lambda * lambda));
  }

  private static double squaredDistance(int[] p, int[] q) {
    double dx = p[0] - q[0];
    double dy = p[1] - q[1];
    double dz = p[2] - q[2];
    return dx * dx + dy * dy + dz * dz;
  }

  /**
   * Number of neurons, nx·ny·nz.
   *
   * @return the number of neurons
   */
  public int size() {
    return positions.length;
  }

  /**
   * Neurons 0 ..&lt; excitatory() are excitatory.
   *
   * @return the number of excitatory neurons
   */
  public int excitatory() {
    return excitatory;
  }

  /**
   * Grid extents {nx, ny, nz}.
   *
   * @return a new array {nx, ny, nz}
   */
  public int[] grid() {
    return new int[] {nx, ny, nz};
  }

  /**
   * The grid point {x, y, z} of neuron k.
   *
   * @param k a neuron, in [0, size())
   * @return a new array {x, y, z}
   */
  public int[] position(int k) {
    return positions[k].clone();
  }

  /**
   * The synapses drawn, in the order drawn.
   *
   * @return the connections
   */
  public List<Connection> connections() {
    return connections;
  }

  /**
   * The number of connections of one type.
   *
   * @param type the synapse type (E→E, E→I, I→E or I→I)
   * @return the number of connections of that type
   */
  public int count(SynapseType type) {
    int c = 0;
    for (Connection connection : connections) {
      if (connection.type() == type) {
        c++;
      }
    }
    return c;
  }
}
