package io.recon.cli;

import io.recon.cli.input.TrainingVectors;
import io.recon.cli.plot.Plots;
import io.recon.schemas.contract.InputSpec;
import io.recon.schemas.contract.ModelContract;
import io.recon.schemas.contract.ModelKind;
import io.recon.serve.ServeCommand;
import io.recon.streaming.assembly.OfflineAssembly;
import io.recon.streaming.config.InputOptions;
import io.recon.streaming.input.FeatureVector;
import io.recon.streaming.input.InputFormats;
import io.recon.trainer.TrainJob;
import io.recon.trainer.TrainRequest;
import io.recon.trainer.TrainResult;
import io.recon.trainer.data.FeatureTable;
import io.recon.trainer.data.ReadOptions;
import io.recon.trainer.model.Activation;
import io.recon.trainer.model.ConvAeConfig;
import io.recon.trainer.model.DenseAeConfig;
import io.recon.trainer.model.RbmConfig;
import io.recon.trainer.threshold.ThresholdCalibrator;
import io.recon.trainer.train.TrainConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, modelTransformer = TrainCommand.InputFlags.class,
        description = {"Train an anomaly-detection model and export it to ONNX.",
                "",
                "Writes DIR/model.onnx (preprocessing and scoring inside the graph, the model contract in its "
                        + "metadata), DIR/contract.json and DIR/training-history.json.",
                "",
                "Data: CSV with a header (',' or ';'; a timestamp column is detected by name), NAB files "
                        + "(timestamp,value), JSON lines in the input-record format (.jsonl), or IDX images (a directory "
                        + "holding train-images-idx3-ubyte[.gz], as MNIST). Or records as a shipper writes them, one per "
                        + "line, with --input-format.",
                "",
                "From Kafka: --from-topic T --bootstrap B --since 7d reads the topic's history (any --input-format: "
                        + "Telegraf, Prometheus, OTLP) through the same readers and assembly as 'recon serve', so the model's "
                        + "features are named exactly as the stream's vectors; no export needed.",
                ""},
        footer = {"", "Examples:",
                "  recon train --model dense-ae --data thyroid.csv --label-column label --normal-label 0 --out models/thyroid",
                "  recon train --model conv-ae --data mnist/ --normal-label 1 --epochs 5 --out models/digit1",
                "  recon train --model dense-ae --data machine.csv --window 32 --out models/machine",
                "  recon train --model dense-ae --from-topic telegraf --bootstrap 127.0.0.1:9092 --since 1d --input-format telegraf-json --out models/hosts",
                "  recon train --model rbm --visible gaussian --cd-k 1 --persistent --data cardio.csv --label-column label --normal-label 0 --out models/rbm"})
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "KIND",
            description = "Model kind: dense-ae, conv-ae, vae, conv-vae or rbm.")
    String model;

    @Option(names = "--data", paramLabel = "PATH", description = "Training data file or IDX directory (or --from-topic).")
    Path data;

    @Option(names = "--from-topic", paramLabel = "TOPIC",
            description = "Train on this topic's records since --since (needs --bootstrap), read with --input-format.")
    String fromTopic;

    @Option(names = "--since", paramLabel = "AGE", defaultValue = "7d",
            description = "With --from-topic: an age (90m, 24h, 7d) or an ISO-8601 instant (default ${DEFAULT-VALUE}).")
    String since;

    @Option(names = "--kafka", paramLabel = "KEY=VALUE", description = "A Kafka client setting (repeatable).")
    Map<String, String> kafka = new LinkedHashMap<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The input settings' flags (--input-format, --entity-labels, --step, ...) and --bootstrap-timeout, defined once with recon serve's. */
    static final class InputFlags implements CommandLine.IModelTransformer {
        @Override
        public CommandLine.Model.CommandSpec transform(CommandLine.Model.CommandSpec command) {
            return ServeCommand.SettingFlags.addFlags(command, k -> InputOptions.KEYS.contains(k) || k.equals(KafkaCheck.KEY), 500);
        }
    }

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created if missing).")
    Path out;

    @Option(names = "--window", paramLabel = "W", defaultValue = "0",
            description = "Score sliding windows of W consecutive rows (time series); 0 = single rows (default).")
    int window;

    @Option(names = "--normal-label", paramLabel = "V",
            description = "Train on rows whose label is V only (IDX: the digit).")
    String normalLabel;

    @CommandLine.Mixin
    ColumnOptions columns = new ColumnOptions();

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "50", description = "Maximum epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--learning-rate", paramLabel = "LR",
            description = "Learning rate (default: 0.001 with Adam for autoencoders; 0.05 bernoulli / 0.01 gaussian RBMs, SGD with momentum).")
    Double learningRate;

    @Option(names = "--validation-fraction", paramLabel = "F", defaultValue = "0.2",
            description = "Share of normal rows held out for early stopping and the threshold (default ${DEFAULT-VALUE}).")
    double validationFraction;

    @Option(names = "--patience", paramLabel = "N", defaultValue = "8",
            description = "Stop after N epochs without validation improvement (default ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "Random seed; the same seed and data give the same model (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--normalize", paramLabel = "METHOD",
            description = "standard, minmax or global (default: standard; global for images).")
    String normalize;

    @Option(names = "--threshold", paramLabel = "METHOD", defaultValue = "quantile",
            description = "Threshold calibration on held-out normal scores: quantile, meanstd or pot (peaks over threshold) (default ${DEFAULT-VALUE}).")
    String thresholdMethod;

    @Option(names = "--threshold-quantile", paramLabel = "Q", defaultValue = "0.995",
            description = "quantile: the quantile of held-out normal scores (default ${DEFAULT-VALUE}).")
    double thresholdQuantile;

    @Option(names = "--threshold-k", paramLabel = "K", defaultValue = "3",
            description = "meanstd: mean + K standard deviations (default ${DEFAULT-VALUE}).")
    double thresholdK;

    @Option(names = "--threshold-far", paramLabel = "P", defaultValue = "0.001",
            description = "pot: target false-alarm rate per record (default ${DEFAULT-VALUE}).")
    double thresholdFar;

    @Option(names = "--pot-tail", paramLabel = "Q", defaultValue = "0.95",
            description = "pot: fit the generalized Pareto tail above this quantile (default ${DEFAULT-VALUE}).")
    double potTail;

    @Option(names = "--activation", paramLabel = "FN",
            description = "relu, tanh, sigmoid or leaky-relu (default: tanh).")
    String activation;

    @Option(names = "--noise", paramLabel = "STD", defaultValue = "0",
            description = "Denoising: Gaussian input noise (normalized units) while training (default 0).")
    double noise;

    @Option(names = "--hidden", paramLabel = "H1,H2", split = ",",
            description = "dense-ae: encoder layer sizes, the last is the code (default: from the input size).")
    List<Integer> hidden;

    @Option(names = "--l1", paramLabel = "W", defaultValue = "0",
            description = "dense-ae, sparse: L1 penalty weight on the code activations (default 0).")
    double l1;

    @Option(names = "--tied-weights", description = "dense-ae: decoder reuses the transposed encoder weights.")
    boolean tiedWeights;

    @Option(names = "--channels", paramLabel = "C1,C2", split = ",",
            description = "conv-ae: channels of the stride-2 convolutions (default 16,32).")
    List<Integer> channels;

    @Option(names = "--latent", paramLabel = "N",
            description = "conv-ae, conv-vae: size of the dense code, 0 for none (default 64).")
    Integer latent;

    @Option(names = "--latent-density", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "conv-ae, conv-vae: score = reconstruction error plus the code's Mahalanobis distance from the "
                    + "training codes, each over its held-out median (default on; --no-latent-density scores by the "
                    + "reconstruction error alone).")
    boolean latentDensity;

    @Option(names = "--beta", paramLabel = "B", defaultValue = "1",
            description = "vae, conv-vae: weight of the KL term of the ELBO (default ${DEFAULT-VALUE}).")
    double beta;

    @Option(names = "--visible", paramLabel = "TYPE", defaultValue = "gaussian",
            description = "rbm: bernoulli (data scaled to [0,1]) or gaussian (standardized) visible units (default ${DEFAULT-VALUE}).")
    String visible;

    @Option(names = "--rbm-hidden", paramLabel = "N", defaultValue = "64", description = "rbm: hidden units (default ${DEFAULT-VALUE}).")
    int rbmHidden;

    @Option(names = "--cd-k", paramLabel = "K", defaultValue = "1", description = "rbm: Gibbs steps per update, CD-k (default ${DEFAULT-VALUE}).")
    int cdK;

    @Option(names = "--persistent", description = "rbm: persistent contrastive divergence (PCD-k).")
    boolean persistent;

    @Option(names = "--rbm-score", paramLabel = "S", defaultValue = "free-energy",
            description = "rbm: free-energy or reconstruction (mean-field reconstruction error) (default ${DEFAULT-VALUE}).")
    String rbmScore;

    @Option(names = "--name", paramLabel = "NAME", description = "Model name (default: the data file's name).")
    String name;

    @Option(names = "--model-version", paramLabel = "V", description = "Model version (default: UTC time of training).")
    String modelVersion;

    @Option(names = "--publish", description = "Publish the trained model to the model topic (needs --bootstrap).")
    boolean publish;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "With --from-topic or --publish: Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--model-topic", paramLabel = "T", defaultValue = "recon.models",
            description = "With --publish: the model topic (default ${DEFAULT-VALUE}).")
    String modelTopic;

    @Option(names = {"-q", "--quiet"}, description = "No progress output.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (publish && bootstrap == null) {
            throw new UserException("--publish needs --bootstrap HOST:PORT");
        }
        if ((data == null) == (fromTopic == null)) {
            throw new UserException("give the training data: --data PATH or --from-topic TOPIC (one of them)");
        }
        if (fromTopic != null && bootstrap == null) {
            throw new UserException("--from-topic needs --bootstrap HOST:PORT");
        }
        if (bootstrap != null && (publish || fromTopic != null)) {
            KafkaCheck.check(spec, bootstrap, kafka); // before training, not after it
        }
        FeatureTable table = records();
        TrainRequest request = request(table);
        ProgressBar bar = new ProgressBar(System.err, System.console() != null, quiet);
        TrainResult r = TrainJob.run(request, bar);
        ModelContract c = r.contract();
        System.out.printf("model      %s  (%s %s version %s)%n", r.modelFile(), c.kind(), c.modelName(), c.modelVersion());
        System.out.printf("contract   %s%n", r.contractFile());
        System.out.printf("data       %d training %s, %d held out, %d features, input %s %s%n", c.training().rows(),
                window > 0 ? "windows" : "rows", c.training().validationRows(), c.features().size(),
                c.inputShape().layout().id(), c.inputShape().dims());
        System.out.printf("loss       validation %.5f -> %.5f (best epoch %d of %d%s)%n",
                r.history().validationLoss().get(0), r.history().bestValidationLoss(), r.history().bestEpoch(),
                r.history().epochsRun(), r.history().stoppedEarly() ? ", stopped early" : "");
        System.out.printf("threshold  %.6g (%s %s of held-out normal scores)%n", c.threshold().value(),
                c.threshold().method(), c.threshold().params());
        System.out.printf("time       %.1f s on %s%n", r.seconds(), r.device());
        if (publish) {
            String[] published = PublishCommand.publish(out, bootstrap, modelTopic, false, kafka);
            System.out.printf("published  %s version %s to %s%n", c.modelName(), c.modelVersion(), modelTopic);
            System.out.println(PublishCommand.followersNote(published[2], modelTopic));
        }
        Path plot = Plots.loss(out);
        if (plot != null) {
            System.out.printf("plot       %s%n", plot);
        }
        return 0;
    }

    /**
     * The rows, read here when they are records (a topic, or a file with --input-format) rather than a data file the
     * trainer reads itself; null otherwise.
     */
    private FeatureTable records() {
        Map<String, String> given = ServeCommand.given(spec);
        String topic = fromTopic != null ? fromTopic : "-";
        InputOptions options;
        try {
            options = InputOptions.from(given, topic);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        if (fromTopic == null && !given.containsKey("recon.input.format")) {
            if (given.keySet().stream().anyMatch(InputOptions.KEYS::contains)) {
                throw new UserException("--entity-labels, --step and the other input settings apply to records: add "
                        + "--input-format, or use --from-topic");
            }
            return null;
        }
        if (columns.labelColumn != null || normalLabel != null) {
            throw new UserException("records from a topic or of a shipper format have no label column; drop --label-column "
                    + "and --normal-label");
        }
        String source;
        boolean stepGiven = given.containsKey("recon.assembly.step");
        TrainingVectors.Read r;
        if (fromTopic != null) {
            source = "kafka:" + fromTopic;
            r = TrainingVectors.fromTopic(bootstrap, kafka, fromTopic, RetrainCommand.sinceMillis(since), options, stepGiven);
        } else {
            source = data.toString();
            r = TrainingVectors.fromFile(data, options, stepGiven);
        }
        OfflineAssembly.Result read = r.result();
        inputSpec = r.options().format().equals(InputFormats.RECON_JSON) ? null : r.options().spec();
        TrainingVectors.Table t = TrainingVectors.table(read, source);
        if (!quiet) {
            System.err.printf("read       %s as %s: %,d records, %,d samples -> %,d vectors of %d entities%s%n", source,
                    options.format(), read.records(), read.samples(), read.vectors().size(),
                    read.vectors().stream().map(FeatureVector::key).distinct().count(),
                    read.deadLetterCount() == 0 ? "" : "; " + read.deadLetterCount() + " unusable" + TrainingVectors.why(read)
                            .replaceFirst("^; unusable", ""));
            if (inputSpec != null && InputFormats.perSample(inputSpec.format())) {
                System.err.printf("step       %s%s%n", seconds(inputSpec.stepMs()), stepGiven ? "" : " (the samples' median "
                        + "interval, " + seconds(r.medianIntervalMs()) + "; --step chooses another)");
                List<String> rates = t.table().featureNames().stream().filter(f -> f.startsWith("rate(")).toList();
                if (!rates.isEmpty()) {
                    System.err.printf("counters   %d features read as rates per second: %s%n", rates.size(), abbreviate(rates));
                }
            }
            if (!t.leftOutFeatures().isEmpty() || t.leftOutVectors() > 0) {
                System.err.printf("left out   %d features in fewer than %d%% of the vectors %s; %d vectors without every "
                        + "feature%n", t.leftOutFeatures().size(), (int) (TrainingVectors.MIN_SHARE * 100),
                        abbreviate(t.leftOutFeatures()), t.leftOutVectors());
            }
        }
        return t.table();
    }

    private static String seconds(long ms) {
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    /** How the records were read, for the contract (shipper formats). */
    private InputSpec inputSpec;

    private static String abbreviate(List<String> names) {
        return names.size() <= 5 ? names.toString() : names.subList(0, 5) + " and " + (names.size() - 5) + " more";
    }

    TrainRequest request() {
        return request(null);
    }

    TrainRequest request(FeatureTable table) {
        ModelKind kind = ModelKind.fromId(model);
        boolean dense = kind == ModelKind.DENSE_AE || kind == ModelKind.VAE;
        boolean conv = kind == ModelKind.CONV_AE || kind == ModelKind.CONV_VAE;
        if (!dense && (hidden != null || l1 != 0 || tiedWeights)) {
            throw new UserException("--hidden, --l1 and --tied-weights apply to dense-ae and vae, not " + kind);
        }
        if (!conv && (channels != null || latent != null)) {
            throw new UserException("--channels and --latent apply to conv-ae and conv-vae, not " + kind);
        }
        if (kind == ModelKind.RBM && (activation != null || noise != 0)) {
            throw new UserException("--activation and --noise do not apply to rbm");
        }
        DenseAeConfig denseConfig = !dense ? null : new DenseAeConfig(hidden,
                Activation.fromId(activation == null ? "tanh" : activation), noise, l1, tiedWeights);
        ConvAeConfig d = ConvAeConfig.defaults();
        ConvAeConfig convConfig = !conv ? null : new ConvAeConfig(channels == null ? d.channels() : channels,
                latent == null ? d.latent() : latent, activation == null ? d.activation() : Activation.fromId(activation), noise,
                latentDensity);
        RbmConfig rbm = kind != ModelKind.RBM ? null : new RbmConfig(visible, rbmHidden, cdK, persistent, rbmScore);
        double lr = learningRate != null ? learningRate : rbm == null ? 1e-3 : rbm.visible().equals("bernoulli") ? 0.05 : 0.01;
        return TrainRequest.builder().setKind(kind).setData(table == null ? data : Path.of(fromTopic != null ? fromTopic
                        : data.toString())).setOut(out)
                .setTraining(new TrainConfig(epochs, batchSize, lr, validationFraction, patience, seed))
                .optRead(columns.read()).optTable(table).optInput(inputSpec)
                .optNormalLabel(table != null ? TrainingVectors.NORMAL : normalLabel)
                .optWindow(window).optNormalization(normalize).optModelName(name).optModelVersion(modelVersion)
                .optDense(denseConfig).optConv(convConfig).optRbm(rbm).optBeta(beta)
                .optThreshold(new ThresholdCalibrator.Method(thresholdMethod, thresholdQuantile, thresholdK, thresholdFar, potTail))
                .build();
    }
}
