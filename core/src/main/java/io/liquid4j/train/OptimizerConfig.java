package io.liquid4j.train;

import io.liquid4j.cell.ParameterLayout;
import io.liquid4j.io.Quoted;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A configured optimizer: its kind and hyperparameters, without a learning rate or a layout, from
 * which {@link #create} makes a fresh {@link Optimizer} for a model. Immutable; every {@code
 * with…} method validates its value and returns a copy. Defaults are PyTorch's. Immutable and safe
 * to share between threads; each {@link #create} call makes a new optimizer, which is not.
 *
 * <pre>{@code
 * OptimizerConfig adam = OptimizerConfig.adam().withBetas(0.9, 0.98).withWeightDecay(1e-4);
 * OptimizerConfig sgd = OptimizerConfig.sgd().withMomentum(0.9).withNesterov(true);
 * Optimizer optimizer = sgd.create(model.layout(), 0.01);
 * }</pre>
 *
 * <table>
 *   <caption>Hyperparameters by kind (PyTorch's argument names and defaults)</caption>
 *   <tr><th>kind</th><th>hyperparameters</th></tr>
 *   <tr><td>{@link #adam()}</td><td>betas (0.9, 0.999), eps 1e-8, weight_decay 0 (L2 added to
 *       the gradient), amsgrad false</td></tr>
 *   <tr><td>{@link #adamw()}</td><td>betas (0.9, 0.999), eps 1e-8, weight_decay 1e-2
 *       (decoupled), amsgrad false</td></tr>
 *   <tr><td>{@link #sgd()}</td><td>momentum 0, dampening 0, nesterov false, weight_decay
 *       0</td></tr>
 *   <tr><td>{@link #rmsprop()}</td><td>alpha 0.99, eps 1e-8, momentum 0, centered false,
 *       weight_decay 0</td></tr>
 * </table>
 *
 * <p>Setting a hyperparameter the kind does not have (momentum of Adam, betas of SGD) is an
 * error, as PyTorch's constructors reject unknown keywords. Nesterov momentum needs a momentum
 * &gt; 0 and zero dampening, so set the momentum first: {@code withMomentum(0.9).withNesterov(true)}.
 * Error messages name the PyTorch argument ({@code betas}, {@code eps}, {@code weight_decay},
 * {@code amsgrad}, {@code momentum}, {@code dampening}, {@code nesterov}, {@code alpha}, {@code
 * centered}).
 *
 * <p>{@link #toString()} is the description a training checkpoint records, so that a run is only
 * resumed with the optimizer it was started with: {@code
 * adam(betas=(0.9, 0.999), eps=1.0E-8, weight_decay=0.0, amsgrad=false)}.
 */
public final class OptimizerConfig {
  /** The kinds, by the names {@link #named} accepts. */
  public static final List<String> NAMES = List.of("adam", "adamw", "sgd", "rmsprop");

  private final String name;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private final boolean amsgrad;
  private final double momentum;
  private final double dampening;
  private final boolean nesterov;
  private final double alpha;
  private final boolean centered;
  private final boolean epsInsideSqrt;

  private OptimizerConfig(
      String name, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
      double momentum, double dampening, boolean nesterov, double alpha, boolean centered,
      boolean epsInsideSqrt) {
    // + 0.0 turns −0.0 into 0.0, so that equal settings have equal descriptions.
    this.name = name;
    this.beta1 = beta1 + 0.0;
    this.beta2 = beta2 + 0.0;
    this.eps = eps + 0.0;
    this.weightDecay = weightDecay + 0.0;
    this.amsgrad = amsgrad;
    this.momentum = momentum + 0.0;
    this.dampening = dampening + 0.0;
    this.nesterov = nesterov;
    this.alpha = alpha + 0.0;
    this.centered = centered;
    this.epsInsideSqrt = epsInsideSqrt;
  }

  private static OptimizerConfig defaults(String name, double weightDecay) {
    return new OptimizerConfig(name, Adam.DEFAULT_BETA1, Adam.DEFAULT_BETA2, Adam.DEFAULT_EPS,
        weightDecay, false, 0, 0, false, RmsProp.DEFAULT_ALPHA, false, false);
  }

  /**
   * {@link Adam} with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, no weight decay.
   *
   * @return Adam's configuration
   */
  public static OptimizerConfig adam() {
    return defaults("adam", 0);
  }

  /**
   * {@link AdamW} with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, decoupled weight decay
   * 1e-2.
   *
   * @return AdamW's configuration
   */
  public static OptimizerConfig adamw() {
    return defaults("adamw", AdamW.DEFAULT_WEIGHT_DECAY);
  }

  /**
   * Plain {@link Sgd}: no momentum, no dampening, no weight decay.
   *
   * @return SGD's configuration
   */
  public static OptimizerConfig sgd() {
    return defaults("sgd", 0);
  }

  /**
   * {@link RmsProp} with PyTorch's defaults: alpha 0.99, eps 1e-8, no momentum, not centered.
   *
   * @return RMSprop's configuration
   */
  public static OptimizerConfig rmsprop() {
    return defaults("rmsprop", 0);
  }

  /**
   * The kind of that name with its defaults; names are case-insensitive.
   *
   * @param name one of {@link #NAMES}, in any case
   * @return that kind's default configuration
   * @throws IllegalArgumentException for an unknown name, listing the valid ones
   */
  public static OptimizerConfig named(String name) {
    return switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
      case "adam" -> adam();
      case "adamw" -> adamw();
      case "sgd" -> sgd();
      case "rmsprop" -> rmsprop();
      default -> throw new IllegalArgumentException(
          "optimizer: unknown " + Quoted.of(name) + " (valid: " + String.join(", ", NAMES) + ")");
    };
  }

  // ------------------------------------------------------------------------------------ withers

  /**
   * Adam's and AdamW's decay rates of the first and second moment, PyTorch's {@code betas}.
   *
   * @param beta1 the decay rate β1 of the first moment, in [0, 1)
   * @param beta2 the decay rate β2 of the second moment, in [0, 1)
   * @return a copy with these betas
   * @throws IllegalArgumentException unless both are in [0, 1), or for SGD and RMSprop
   */
  public OptimizerConfig withBetas(double beta1, double beta2) {
    only("betas", "adam", "adamw");
    unitInterval("betas[0]", beta1);
    unitInterval("betas[1]", beta2);
    return new OptimizerConfig(name, beta1, beta2, eps, weightDecay, amsgrad, momentum,
        dampening, nesterov, alpha, centered, epsInsideSqrt);
  }

  /**
   * The term added to the denominator, PyTorch's {@code eps}.
   *
   * @param value ε, finite and ≥ 0
   * @return a copy with this ε
   * @throws IllegalArgumentException unless finite and ≥ 0, or for SGD
   */
  public OptimizerConfig withEps(double value) {
    only("eps", "adam", "adamw", "rmsprop");
    nonNegative("eps", value);
    return new OptimizerConfig(name, beta1, beta2, value, weightDecay, amsgrad, momentum,
        dampening, nesterov, alpha, centered, epsInsideSqrt);
  }

  /**
   * Weight decay, PyTorch's {@code weight_decay}: an L2 penalty added to the gradient (Adam, SGD,
   * RMSprop) or AdamW's decoupled decay θ ← θ·(1 − lr·λ).
   *
   * @param value the decay λ, finite and ≥ 0
   * @return a copy with this weight decay
   * @throws IllegalArgumentException unless finite and ≥ 0
   */
  public OptimizerConfig withWeightDecay(double value) {
    nonNegative("weight_decay", value);
    return new OptimizerConfig(name, beta1, beta2, eps, value, amsgrad, momentum, dampening,
        nesterov, alpha, centered, epsInsideSqrt);
  }

  /**
   * Adam's and AdamW's AMSGrad variant, PyTorch's {@code amsgrad}.
   *
   * @param value true to use AMSGrad
   * @return a copy with AMSGrad on or off
   * @throws IllegalArgumentException for SGD and RMSprop
   */
  public OptimizerConfig withAmsgrad(boolean value) {
    only("amsgrad", "adam", "adamw");
    return new OptimizerConfig(name, beta1, beta2, eps, weightDecay, value, momentum, dampening,
        nesterov, alpha, centered, epsInsideSqrt);
  }

  /**
   * SGD's or RMSprop's momentum factor, PyTorch's {@code momentum}; 0 turns momentum off.
   *
   * @param value the momentum μ, finite and ≥ 0; 0 for none
   * @return a copy with this momentum
   * @throws IllegalArgumentException unless finite and ≥ 0, when 0 with Nesterov momentum on, or
   *     for Adam and AdamW
   */
  public OptimizerConfig withMomentum(double value) {
    only("momentum", "sgd", "rmsprop");
    nonNegative("momentum", value);
    checkNesterov(nesterov, value, dampening);
    return new OptimizerConfig(name, beta1, beta2, eps, weightDecay, amsgrad, value, dampening,
        nesterov, alpha, centered, epsInsideSqrt);
  }

  /**
   * SGD's dampening of the momentum, PyTorch's {@code dampening}.
   *
   * @param value the dampening τ, in [0, 1]
   * @return a copy with this dampening
   * @throws IllegalArgumentException unless in [0, 1], when non-zero with Nesterov momentum on,
   *     or for other kinds than SGD
   */
  public OptimizerConfig withDampening(double value) {
    only("dampening", "sgd");
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException("dampening must be in [0, 1], got " + value);
    }
    checkNesterov(nesterov, momentum, value);
    return new OptimizerConfig(name, beta1, beta2, eps, weightDecay, amsgrad, momentum, value,
        nesterov, alpha, centered, epsInsideSqrt);
  }

  /**
   * SGD's Nesterov momentum, PyTorch's {@code nesterov}; needs a momentum &gt; 0 (set it first)
   * and zero dampening.
   *
   * @param value true to use Nesterov momentum
   * @return a copy with Nesterov momentum on or off
   * @throws IllegalArgumentException when turned on without momentum or with dampening, or for
   *     other kinds than SGD
   */
  public OptimizerConfig withNesterov(boolean value) {
    only("nesterov", "sgd");
    checkNesterov(value, momentum, dampening);
    return new OptimizerConfig(name, beta1, beta2, eps, weightDecay, amsgrad, momentum,
        dampening, value, alpha, centered, epsInsideSqrt);
  }

  /**
   * RMSprop's smoothing constant, PyTorch's {@code alpha}.
   *
   * @param value the smoothing constant α, in [0, 1]
   * @return a copy with this α
   * @throws IllegalArgumentException unless in [0, 1], or for other kinds than RMSprop
   */
  public OptimizerConfig withAlpha(double value) {
    only("alpha", "rmsprop");
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException("alpha must be in [0, 1], got " + value);
    }
    return new OptimizerConfig(name, beta1, beta2, eps, weightDecay, amsgrad, momentum,
        dampening, nesterov, value, centered, epsInsideSqrt);
  }

  /**
   * RMSprop normalising by the gradient's variance, PyTorch's {@code centered}.
   *
   * @param value true for the centered variant
   * @return a copy centered or not
   * @throws IllegalArgumentException for other kinds than RMSprop
   */
  public OptimizerConfig withCentered(boolean value) {
    only("centered", "rmsprop");
    return new OptimizerConfig(name, beta1, beta2, eps, weightDecay, amsgrad, momentum,
        dampening, nesterov, alpha, value, epsInsideSqrt);
  }

  /**
   * RMSprop as Keras and TensorFlow compute it, with ε inside the square root: the step divides
   * by √(v + ε) instead of PyTorch's √v + ε. It matters for parameters whose gradients are far
   * below √ε: PyTorch's form moves them by about lr/√(1 − α) each step whatever their size, the
   * Keras form by a step proportional to the gradient.
   *
   * @param value true for ε inside the square root (Keras), false for PyTorch's (the default)
   * @return a copy with ε placed so
   * @throws IllegalArgumentException for other kinds than RMSprop
   */
  public OptimizerConfig withEpsInsideSqrt(boolean value) {
    only("eps_inside_sqrt", "rmsprop");
    return new OptimizerConfig(name, beta1, beta2, eps, weightDecay, amsgrad, momentum,
        dampening, nesterov, alpha, centered, value);
  }

  private void only(String argument, String... kinds) {
    if (!List.of(kinds).contains(name)) {
      throw new IllegalArgumentException(argument + ": " + name + " has no " + argument + " (only "
          + String.join(" and ", kinds) + " have)");
    }
  }

  private static void unitInterval(String argument, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(argument + " must be in [0, 1), got " + value);
    }
  }

  private static void nonNegative(String argument, double value) {
    if (!(value >= 0) || value == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException(argument + " must be finite and >= 0, got " + value);
    }
  }

  private static void checkNesterov(boolean nesterov, double momentum, double dampening) {
    if (nesterov && (momentum <= 0 || dampening != 0)) {
      throw new IllegalArgumentException("nesterov momentum requires a momentum > 0 and zero"
          + " dampening, got momentum=" + momentum + ", dampening=" + dampening);
    }
  }

  // ---------------------------------------------------------------------------------- accessors

  /** {@return the kind: adam, adamw, sgd or rmsprop (as {@link Optimizer#name()})} */
  public String name() {
    return name;
  }

  /** {@return Adam's β1; PyTorch's default for the other kinds, which do not use it} */
  public double beta1() {
    return beta1;
  }

  /** {@return Adam's β2; PyTorch's default for the other kinds, which do not use it} */
  public double beta2() {
    return beta2;
  }

  /** {@return ε (Adam, AdamW, RMSprop)} */
  public double eps() {
    return eps;
  }

  /** {@return the weight decay λ} */
  public double weightDecay() {
    return weightDecay;
  }

  /** {@return whether Adam or AdamW use AMSGrad} */
  public boolean amsgrad() {
    return amsgrad;
  }

  /** {@return the momentum factor μ (SGD, RMSprop); 0 without momentum} */
  public double momentum() {
    return momentum;
  }

  /** {@return SGD's dampening τ} */
  public double dampening() {
    return dampening;
  }

  /** {@return whether SGD uses Nesterov momentum} */
  public boolean nesterov() {
    return nesterov;
  }

  /** {@return RMSprop's smoothing constant α} */
  public double alpha() {
    return alpha;
  }

  /** {@return whether RMSprop adds ε inside the square root, as Keras does} */
  public boolean epsInsideSqrt() {
    return epsInsideSqrt;
  }

  /** {@return whether RMSprop is centered} */
  public boolean centered() {
    return centered;
  }

  /**
   * A fresh optimizer with these hyperparameters for a model's parameter layout.
   *
   * @param layout the layout of the model's flat parameter array
   * @param lr the learning rate, finite and ≥ 0
   * @return a new optimizer with zero state
   * @throws IllegalArgumentException for a bad learning rate or a null layout
   */
  public Optimizer create(ParameterLayout layout, double lr) {
    return switch (name) {
      case "adam" -> new Adam(layout, lr, beta1, beta2, eps, weightDecay, amsgrad);
      case "adamw" -> new AdamW(layout, lr, beta1, beta2, eps, weightDecay, amsgrad);
      case "sgd" -> new Sgd(layout, lr, momentum, dampening, nesterov, weightDecay);
      default -> new RmsProp(layout, lr, alpha, eps, weightDecay, momentum, centered,
          epsInsideSqrt);
    };
  }

  /**
   * The kind and the hyperparameters it uses, with PyTorch's argument names: {@code
   * adam(betas=(0.9, 0.999), eps=1.0E-8, weight_decay=0.0, amsgrad=false)}, {@code
   * sgd(momentum=0.9, dampening=0.0, nesterov=true, weight_decay=0.0)}, {@code rmsprop(alpha=0.99,
   * eps=1.0E-8, momentum=0.0, centered=false, weight_decay=0.0)}. Equal configurations have equal
   * descriptions.
   */
  @Override
  public String toString() {
    return switch (name) {
      case "adam", "adamw" -> name + "(betas=(" + beta1 + ", " + beta2 + "), eps=" + eps
          + ", weight_decay=" + weightDecay + ", amsgrad=" + amsgrad + ")";
      case "sgd" -> name + "(momentum=" + momentum + ", dampening=" + dampening + ", nesterov="
          + nesterov + ", weight_decay=" + weightDecay + ")";
      // Only a Keras-style ε is named, so that every earlier description stays as it was.
      default -> name + "(alpha=" + alpha + ", eps=" + eps + ", momentum=" + momentum
          + ", centered=" + centered + ", weight_decay=" + weightDecay
          + (epsInsideSqrt ? ", eps_inside_sqrt=true" : "") + ")";
    };
  }

  /** Equal when of the same kind with the same hyperparameters. */
  @Override
  public boolean equals(Object o) {
    return o instanceof OptimizerConfig c && c.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return Objects.hash(toString());
  }
}
