package io.liquid4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liquid4j.cell.ParameterLayout;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Optimizer updates against independent scalar re-implementations of the update formulas, and
 * first steps worked out by hand.
 */
class OptimizerUpdateTest {

  /** Two trainable tensors around a frozen one: a (3), mask (2, frozen), b (2). */
  static ParameterLayout layout() {
    ParameterLayout.Builder b = ParameterLayout.builder();
    b.add("a", 3);
    b.addFrozen("mask", 2);
    b.add("b", 2);
    return b.build();
  }

  static final int[] TRAINABLE = {0, 1, 2, 5, 6};
  // f(θ) = ½ Σ_i c_i (θ_i − t_i)², so ∂f/∂θ_i = c_i (θ_i − t_i); frozen positions get garbage.
  static final double[] C = {1, 4, 0.5, 0, 0, 2, 0.25};
  static final double[] T = {1, -2, 3, 0, 0, 0.5, -1};
  static final double[] THETA0 = {0, 0.5, -1, 7, 8, 2, 1};

  static void quadraticGradient(double[] theta, double[] grads) {
    for (int i = 0; i < theta.length; i++) {
      grads[i] = C[i] * (theta[i] - T[i]);
    }
    grads[3] = 100; // frozen: must be ignored
    grads[4] = -100;
  }

  /** One scalar following an optimizer's textbook update; a fresh instance per parameter. */
  interface ScalarRule {
    double step(double theta, double g);
  }

  /**
   * Adam as written in Kingma and Ba, Algorithm 1, with PyTorch's options: L2 decay added to the
   * gradient or decoupled decay (AdamW), and AMSGrad's maximum over the raw second moment.
   */
  static final class ReferenceAdam implements ScalarRule {
    final double lr;
    final double beta1;
    final double beta2;
    final double eps;
    final double decay;
    final boolean decoupled;
    final boolean amsgrad;
    double m;
    double v;
    double vMax;
    int t;

    ReferenceAdam(double lr, double b1, double b2, double eps, double decay, boolean decoupled,
        boolean amsgrad) {
      this.lr = lr;
      this.beta1 = b1;
      this.beta2 = b2;
      this.eps = eps;
      this.decay = decay;
      this.decoupled = decoupled;
      this.amsgrad = amsgrad;
    }

    @Override
    public double step(double theta, double g) {
      t++;
      if (decoupled) {
        theta = theta - lr * decay * theta;
      } else {
        g = g + decay * theta;
      }
      m = beta1 * m + (1 - beta1) * g;
      v = beta2 * v + (1 - beta2) * g * g;
      vMax = Math.max(vMax, v);
      double mHat = m / (1 - Math.pow(beta1, t));
      double vHat = (amsgrad ? vMax : v) / (1 - Math.pow(beta2, t));
      return theta - lr * mHat / (Math.sqrt(vHat) + eps);
    }
  }

  /** SGD with momentum as in PyTorch's documented pseudo-code. */
  static final class ReferenceSgd implements ScalarRule {
    final double lr;
    final double mu;
    final double tau;
    final boolean nesterov;
    final double decay;
    double b;
    int t;

    ReferenceSgd(double lr, double mu, double tau, boolean nesterov, double decay) {
      this.lr = lr;
      this.mu = mu;
      this.tau = tau;
      this.nesterov = nesterov;
      this.decay = decay;
    }

    @Override
    public double step(double theta, double g) {
      t++;
      g = g + decay * theta;
      if (mu != 0) {
        b = t == 1 ? g : mu * b + (1 - tau) * g;
        g = nesterov ? g + mu * b : b;
      }
      return theta - lr * g;
    }
  }

  /**
   * RMSprop as TensorFlow's ApplyRMSProp kernel (Keras's RMSprop) documents it: ms ← ρ·ms +
   * (1 − ρ)·g²; mom ← μ·mom + lr·g / √(ms + ε); θ ← θ − mom.
   */
  static final class ReferenceKerasRmsProp implements ScalarRule {
    final double lr;
    final double rho;
    final double eps;
    final double mu;
    double ms;
    double mom;

    ReferenceKerasRmsProp(double lr, double rho, double eps, double mu) {
      this.lr = lr;
      this.rho = rho;
      this.eps = eps;
      this.mu = mu;
    }

    @Override
    public double step(double theta, double g) {
      ms = rho * ms + (1 - rho) * g * g;
      mom = mu * mom + lr * g / Math.sqrt(ms + eps);
      return theta - mom;
    }
  }

  /** RMSprop as in PyTorch's documented pseudo-code. */
  static final class ReferenceRmsProp implements ScalarRule {
    final double lr;
    final double alpha;
    final double eps;
    final double decay;
    final double mu;
    final boolean centered;
    double v;
    double gAvg;
    double b;

    ReferenceRmsProp(double lr, double alpha, double eps, double decay, double mu,
        boolean centered) {
      this.lr = lr;
      this.alpha = alpha;
      this.eps = eps;
      this.decay = decay;
      this.mu = mu;
      this.centered = centered;
    }

    @Override
    public double step(double theta, double g) {
      g = g + decay * theta;
      v = alpha * v + (1 - alpha) * g * g;
      double vTilde = v;
      if (centered) {
        gAvg = alpha * gAvg + (1 - alpha) * g;
        vTilde = v - gAvg * gAvg;
      }
      double denominator = Math.sqrt(vTilde) + eps;
      if (mu > 0) {
        b = mu * b + g / denominator;
        return theta - lr * b;
      }
      return theta - lr * g / denominator;
    }
  }

  record Case(
      String label,
      Function<ParameterLayout, Optimizer> optimizer,
      java.util.function.Supplier<ScalarRule> reference) {
    @Override
    public String toString() {
      return label;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("adam defaults", Adam::withDefaults,
            () -> new ReferenceAdam(1e-3, 0.9, 0.999, 1e-8, 0, false, false)),
        new Case("adam lr 0.1, l2 0.05, betas 0.8/0.99",
            l -> new Adam(l, 0.1, 0.8, 0.99, 1e-6, 0.05, false),
            () -> new ReferenceAdam(0.1, 0.8, 0.99, 1e-6, 0.05, false, false)),
        new Case("adam amsgrad", l -> new Adam(l, 0.1, 0.9, 0.999, 1e-8, 0.01, true),
            () -> new ReferenceAdam(0.1, 0.9, 0.999, 1e-8, 0.01, false, true)),
        new Case("adamw defaults", AdamW::withDefaults,
            () -> new ReferenceAdam(1e-3, 0.9, 0.999, 1e-8, 1e-2, true, false)),
        new Case("adamw lr 0.1, decay 0.2, amsgrad",
            l -> new AdamW(l, 0.1, 0.9, 0.999, 1e-8, 0.2, true),
            () -> new ReferenceAdam(0.1, 0.9, 0.999, 1e-8, 0.2, true, true)),
        new Case("sgd plain", l -> new Sgd(l, 0.05), () -> new ReferenceSgd(0.05, 0, 0, false, 0)),
        new Case("sgd momentum, dampening, l2",
            l -> new Sgd(l, 0.05, 0.9, 0.3, false, 0.01),
            () -> new ReferenceSgd(0.05, 0.9, 0.3, false, 0.01)),
        new Case("sgd nesterov", l -> new Sgd(l, 0.05, 0.8, 0, true, 0),
            () -> new ReferenceSgd(0.05, 0.8, 0, true, 0)),
        new Case("rmsprop defaults", RmsProp::withDefaults,
            () -> new ReferenceRmsProp(1e-2, 0.99, 1e-8, 0, 0, false)),
        new Case("rmsprop keras eps", l -> OptimizerConfig.rmsprop().withAlpha(0.9)
                .withEps(1e-7).withEpsInsideSqrt(true).create(l, 0.05),
            () -> new ReferenceKerasRmsProp(0.05, 0.9, 1e-7, 0)),
        new Case("rmsprop keras eps, momentum",
            l -> new RmsProp(l, 0.01, 0.9, 1e-3, 0, 0.5, false, true),
            () -> new ReferenceKerasRmsProp(0.01, 0.9, 1e-3, 0.5)),
        new Case("rmsprop centered", l -> new RmsProp(l, 0.01, 0.9, 1e-8, 0, 0, true),
            () -> new ReferenceRmsProp(0.01, 0.9, 1e-8, 0, 0, true)),
        new Case("rmsprop momentum, l2", l -> new RmsProp(l, 0.01, 0.95, 1e-6, 0.1, 0.5, false),
            () -> new ReferenceRmsProp(0.01, 0.95, 1e-6, 0.1, 0.5, false)),
        new Case("rmsprop centered, momentum",
            l -> new RmsProp(l, 0.003, 0.9, 1e-8, 0, 0.9, true),
            () -> new ReferenceRmsProp(0.003, 0.9, 1e-8, 0, 0.9, true)));
  }

  /**
   * Twenty steps on the quadratic; every trainable value follows its scalar reference to
   * rounding, frozen values never move, and the gradient array is not modified.
   */
  @ParameterizedTest
  @MethodSource("cases")
  void followsTheReferenceFormulas(Case c) {
    ParameterLayout layout = layout();
    Optimizer opt = c.optimizer().apply(layout);
    double[] theta = THETA0.clone();
    double[] grads = new double[theta.length];
    ScalarRule[] refs = new ScalarRule[theta.length];
    double[] expected = THETA0.clone();
    for (int i : TRAINABLE) {
      refs[i] = c.reference().get();
    }
    for (int step = 1; step <= 20; step++) {
      quadraticGradient(theta, grads);
      double[] gradsBefore = grads.clone();
      for (int i : TRAINABLE) {
        expected[i] = refs[i].step(expected[i], C[i] * (expected[i] - T[i]));
      }
      opt.step(theta, grads);
      assertArrayEquals(gradsBefore, grads, 0.0, "grads must not be modified");
      for (int i : TRAINABLE) {
        assertEquals(expected[i], theta[i], 1e-13 * Math.max(1, Math.abs(expected[i])),
            c + ": step " + step + ", index " + i);
      }
      assertEquals(7.0, theta[3], 0.0, "frozen");
      assertEquals(8.0, theta[4], 0.0, "frozen");
      assertEquals(step, opt.steps());
    }
  }

  /** A layout of one trainable scalar. */
  static ParameterLayout scalar() {
    ParameterLayout.Builder b = ParameterLayout.builder();
    b.add("x", 1);
    return b.build();
  }

  static double[] run(Optimizer opt, double theta0, double... gradients) {
    double[] theta = {theta0};
    double[] trajectory = new double[gradients.length];
    for (int k = 0; k < gradients.length; k++) {
      opt.step(theta, new double[] {gradients[k]});
      trajectory[k] = theta[0];
    }
    return trajectory;
  }

  @Test
  void adamFirstStepMovesByTheLearningRate() {
    // m̂ = g and v̂ = g² after bias correction, so θ1 = θ0 − lr·g/(|g| + ε).
    assertEquals(2 - 1e-3 * 0.3 / (0.3 + 1e-8),
        run(Adam.withDefaults(scalar()), 2, 0.3)[0], 1e-16);
    assertEquals(2 + 1e-3 * 5 / (5 + 1e-8), run(Adam.withDefaults(scalar()), 2, -5)[0], 1e-16);
  }

  /**
   * Gradients 1 then 0. Raw v: 0.001, then 0.000999; bias corrections 1 − 0.999 = 0.001 and
   * 1 − 0.999² = 0.001999. AMSGrad keeps max(raw v) = 0.001 and corrects it by the current
   * 0.001999, as PyTorch's code does; the maximum of corrected v̂ would be 1 instead.
   */
  @Test
  void amsgradTakesTheMaximumOfTheRawSecondMoment() {
    double lr = 0.1;
    double theta1 = 1 - lr * 1 / (1 + 1e-8);
    double mHat2 = 0.9 * 0.1 / (1 - 0.81); // m2 = 0.9·m1 = 0.09
    double amsgrad2 = theta1 - lr * mHat2 / (Math.sqrt(0.001 / 0.001999) + 1e-8);
    double plain2 = theta1 - lr * mHat2 / (Math.sqrt(0.000999 / 0.001999) + 1e-8);
    double[] ams = run(new Adam(scalar(), lr, 0.9, 0.999, 1e-8, 0, true), 1, 1, 0);
    double[] adam = run(new Adam(scalar(), lr, 0.9, 0.999, 1e-8, 0, false), 1, 1, 0);
    assertEquals(theta1, ams[0], 1e-15);
    assertEquals(amsgrad2, ams[1], 1e-12);
    assertEquals(plain2, adam[1], 1e-12);
  }

  @Test
  void adamWeightDecayIsAddedToTheGradient() {
    // g = 0 + 0.5·θ = 1 at θ = 2, then the usual first step: θ1 = 2 − lr·1/(1 + ε).
    assertEquals(2 - 0.1 / (1 + 1e-8),
        run(new Adam(scalar(), 0.1, 0.9, 0.999, 1e-8, 0.5, false), 2, 0)[0], 1e-15);
  }

  @Test
  void adamwDecaysTheParameterBeforeTheUpdate() {
    // θ ← 2·(1 − 0.1·0.5) = 1.9, and the zero gradient leaves m = 0, so nothing else moves.
    assertEquals(1.9, run(new AdamW(scalar(), 0.1, 0.9, 0.999, 1e-8, 0.5, false), 2, 0)[0],
        1e-15);
    // Defaults: θ1 = 2·(1 − 1e-3·1e-2) − 1e-3·g/(|g| + ε).
    assertEquals(2 * (1 - 1e-5) - 1e-3 * 4 / (4 + 1e-8),
        run(AdamW.withDefaults(scalar()), 2, 4)[0], 1e-15);
  }

  @Test
  void sgdMomentumByHand() {
    // g = 1 each step, μ = 0.9: buffers 1, 1.9, 2.71 (no dampening on the first step).
    assertArrayEquals(new double[] {-0.1, -0.29, -0.561},
        run(new Sgd(scalar(), 0.1, 0.9, 0, false, 0), 0, 1, 1, 1), 1e-15);
    // Dampening 0.5: buffers 1, 0.9 + 0.5 = 1.4, 1.26 + 0.5 = 1.76.
    assertArrayEquals(new double[] {-0.1, -0.24, -0.416},
        run(new Sgd(scalar(), 0.1, 0.9, 0.5, false, 0), 0, 1, 1, 1), 1e-15);
    // Nesterov: steps g + μ·b = 1.9, 2.71, 3.439.
    assertArrayEquals(new double[] {-0.19, -0.461, -0.8049},
        run(new Sgd(scalar(), 0.1, 0.9, 0, true, 0), 0, 1, 1, 1), 1e-15);
    // Weight decay: g = 0 + 0.5·2 = 1, θ1 = 2 − 0.1.
    assertEquals(1.9, run(new Sgd(scalar(), 0.1, 0, 0, false, 0.5), 2, 0)[0], 1e-15);
  }

  @Test
  void rmspropFirstStepByHand() {
    // v = 0.01·g², θ1 = θ0 − lr·g/(0.1·|g| + ε) ≈ θ0 − 10·lr·sign(g).
    assertEquals(1 - 0.01 * 2 / (0.1 * 2 + 1e-8), run(RmsProp.withDefaults(scalar()), 1, 2)[0],
        1e-15);
    // Centered: ḡ = 0.01·g, ṽ = 0.01·g² − 0.0001·g² = 0.0099·g².
    assertEquals(1 - 0.01 * 2 / (Math.sqrt(0.0099 * 4) + 1e-8),
        run(new RmsProp(scalar(), 0.01, 0.99, 1e-8, 0, 0, true), 1, 2)[0], 1e-15);
  }

  /**
   * With a constant gradient v and ḡ² converge to the same number and rounding makes v − ḡ²
   * negative (for g = 0.1 on most steps after a few thousand): the unclamped formula, PyTorch's,
   * gives NaN there; the clamp keeps ṽ ≥ 0.
   */
  @Test
  void centeredRmspropStaysFiniteUnderAConstantGradient() {
    double[] gradients = new double[20000];
    java.util.Arrays.fill(gradients, 0.1);
    double[] clamped = run(new RmsProp(scalar(), 1e-6, 0.99, 1e-8, 0, 0, true), 0, gradients);
    ReferenceRmsProp unclamped = new ReferenceRmsProp(1e-6, 0.99, 1e-8, 0, 0, true);
    double theta = 0;
    boolean referenceWentNaN = false;
    for (int k = 0; k < gradients.length; k++) {
      assertEquals(false, Double.isNaN(clamped[k]), "step " + k);
      theta = unclamped.step(theta, gradients[k]);
      referenceWentNaN |= Double.isNaN(theta);
    }
    assertEquals(true, referenceWentNaN, "the scenario should exercise the clamp");
  }

  @Test
  void zeroLearningRateLeavesParametersAlone() {
    for (Optimizer opt : new Optimizer[] {new Adam(scalar(), 0), new AdamW(scalar(), 0),
        new Sgd(scalar(), 0), new RmsProp(scalar(), 0)}) {
      assertEquals(3.0, run(opt, 3, 1, -2, 5)[2], 0.0, opt.toString());
    }
  }

  @Test
  void setLearningRateAppliesToTheNextStep() {
    Sgd sgd = new Sgd(scalar(), 0.1);
    double[] theta = {0};
    sgd.step(theta, new double[] {1});
    sgd.setLearningRate(0.01);
    sgd.step(theta, new double[] {1});
    assertEquals(-0.11, theta[0], 1e-15);
    assertEquals(0.01, sgd.learningRate());
  }
}
