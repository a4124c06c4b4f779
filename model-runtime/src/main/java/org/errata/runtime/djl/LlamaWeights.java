package org.errata.runtime.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.errata.runtime.safetensors.SafetensorsCheckpoint;
import org.errata.runtime.safetensors.SafetensorsException;
import org.jspecify.annotations.Nullable;

/**
 * The parameters of a Llama-family decoder in the layout {@link LlamaForward} computes with:
 * projections fused and transposed so that one matMul does Q, K and V ({@code [D, (Hq+2Hkv)*hd]})
 * and one does gate and up ({@code [D, 2I]}). {@link #load} builds it from a checkpoint once;
 * {@link #fromHf} builds it from Hugging Face-named arrays with differentiable operations, so a
 * trainer can attach gradients to those arrays and call it inside each training step.
 *
 * <p>{@link #load} folds constants into the matrices (inference only): each RMSNorm weight {@code g}
 * into the matrix that follows it ({@code (x / rms(x) * g) W = (x / rms(x)) (diag(g) W)}), then
 * {@code 1/sqrt(head_dim)} into the query columns (and bias) of {@code wqkvT}. A folded norm is
 * null and {@link Layer#scoreScale} is then 1. The final norm stays when the head is tied to the
 * embeddings (folding it would copy the embeddings).
 */
public record LlamaWeights(
        LlamaConfig config,
        NDArray embed,
        List<Layer> layers,
        @Nullable NDArray finalNorm,
        NDArray lmHeadT,
        NDArray rotate) {

    /**
     * One decoder block. {@code bqkv} is present for Qwen2-style Q/K/V biases; a null norm weight
     * is folded into the matrix after it; attention scores are multiplied by {@code scoreScale}
     * ({@code 1/sqrt(head_dim)}, or 1 when that is folded into the query columns).
     */
    public record Layer(
            @Nullable NDArray attnNorm,
            NDArray wqkvT,
            @Nullable NDArray bqkv,
            NDArray woT,
            @Nullable NDArray mlpNorm,
            NDArray wGateUpT,
            NDArray wDownT,
            double scoreScale) {}

    public LlamaWeights {
        layers = List.copyOf(layers);
    }

    /** Hugging Face tensor names. */
    public static final class Names {
        private Names() {}

        public static final String EMBED = "model.embed_tokens.weight";
        public static final String NORM = "model.norm.weight";
        public static final String LM_HEAD = "lm_head.weight";

        public static String layer(int i, String suffix) {
            return "model.layers." + i + "." + suffix;
        }

        /** Every tensor name a checkpoint of this config must hold, in a stable order. */
        public static List<String> all(LlamaConfig c) {
            List<String> names = new ArrayList<>();
            names.add(EMBED);
            for (int i = 0; i < c.numLayers(); i++) {
                names.add(layer(i, "input_layernorm.weight"));
                for (String p : List.of("q_proj", "k_proj", "v_proj")) {
                    names.add(layer(i, "self_attn." + p + ".weight"));
                    if (c.attentionBias()) {
                        names.add(layer(i, "self_attn." + p + ".bias"));
                    }
                }
                names.add(layer(i, "self_attn.o_proj.weight"));
                names.add(layer(i, "post_attention_layernorm.weight"));
                names.add(layer(i, "mlp.gate_proj.weight"));
                names.add(layer(i, "mlp.up_proj.weight"));
                names.add(layer(i, "mlp.down_proj.weight"));
            }
            names.add(NORM);
            if (!c.tieWordEmbeddings()) {
                names.add(LM_HEAD);
            }
            return names;
        }

        /** The HF shape of a tensor of this config. */
        public static long[] shape(LlamaConfig c, String name) {
            long d = c.hiddenSize();
            if (name.equals(EMBED) || name.equals(LM_HEAD)) {
                return new long[] {c.vocabSize(), d};
            }
            if (name.endsWith("norm.weight")) {
                return new long[] {d};
            }
            if (name.endsWith("q_proj.weight")) {
                return new long[] {c.qDim(), d};
            }
            if (name.endsWith("k_proj.weight") || name.endsWith("v_proj.weight")) {
                return new long[] {c.kvDim(), d};
            }
            if (name.endsWith("q_proj.bias")) {
                return new long[] {c.qDim()};
            }
            if (name.endsWith("k_proj.bias") || name.endsWith("v_proj.bias")) {
                return new long[] {c.kvDim()};
            }
            if (name.endsWith("o_proj.weight")) {
                return new long[] {d, c.qDim()};
            }
            if (name.endsWith("gate_proj.weight") || name.endsWith("up_proj.weight")) {
                return new long[] {c.intermediateSize(), d};
            }
            if (name.endsWith("down_proj.weight")) {
                return new long[] {d, c.intermediateSize()};
            }
            throw new IllegalArgumentException("unknown tensor " + name);
        }
    }

    /**
     * Builds the fused layout from Hugging Face-named arrays ({@link Names}) with concat and
     * transpose, which autograd records: gradients flow back to the named arrays.
     */
    public static LlamaWeights fromHf(LlamaConfig c, Map<String, NDArray> hf) {
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < c.numLayers(); i++) {
            NDArray q = get(hf, Names.layer(i, "self_attn.q_proj.weight"));
            NDArray k = get(hf, Names.layer(i, "self_attn.k_proj.weight"));
            NDArray v = get(hf, Names.layer(i, "self_attn.v_proj.weight"));
            NDArray bias = null;
            if (c.attentionBias()) {
                bias = NDArrays.concat(new NDList(get(hf, Names.layer(i, "self_attn.q_proj.bias")),
                        get(hf, Names.layer(i, "self_attn.k_proj.bias")),
                        get(hf, Names.layer(i, "self_attn.v_proj.bias"))), 0);
            }
            NDArray gateUp = NDArrays.concat(new NDList(get(hf, Names.layer(i, "mlp.gate_proj.weight")),
                    get(hf, Names.layer(i, "mlp.up_proj.weight"))), 0);
            layers.add(new Layer(
                    get(hf, Names.layer(i, "input_layernorm.weight")),
                    NDArrays.concat(new NDList(q, k, v), 0).transpose(),
                    bias,
                    get(hf, Names.layer(i, "self_attn.o_proj.weight")).transpose(),
                    get(hf, Names.layer(i, "post_attention_layernorm.weight")),
                    gateUp.transpose(),
                    get(hf, Names.layer(i, "mlp.down_proj.weight")).transpose(),
                    1.0 / Math.sqrt(c.headDim())));
        }
        NDArray embed = get(hf, Names.EMBED);
        NDArray head = c.tieWordEmbeddings() ? embed : get(hf, Names.LM_HEAD);
        return new LlamaWeights(c, embed, layers, get(hf, Names.NORM), head.transpose(),
                LlamaForward.rotateHalfMatrix(embed.getManager(), c.headDim(), embed.getDataType()));
    }

    private static NDArray get(Map<String, NDArray> hf, String name) {
        NDArray a = hf.get(name);
        if (a == null) {
            throw new IllegalArgumentException("missing tensor " + name);
        }
        return a;
    }

    /**
     * Loads every tensor of {@code c} from a checkpoint into {@code manager} as {@code dataType}
     * (converted by the engine from the stored type, through {@link TensorReader}), checking names
     * and shapes, and fuses the projections.
     */
    public static LlamaWeights load(LlamaConfig c, SafetensorsCheckpoint ckpt, NDManager manager, DataType dataType)
            throws SafetensorsException {
        for (String name : Names.all(c)) {
            ckpt.require(name, Names.shape(c, name));
        }
        try (TensorReader in = new TensorReader(ckpt, manager, dataType)) {
            return load(c, in, manager, dataType);
        }
    }

    /** {@link #load} through a given reader (tests choose its chunk size). */
    static LlamaWeights load(LlamaConfig c, TensorReader in, NDManager manager, DataType dataType)
            throws SafetensorsException {
        List<Layer> layers = new ArrayList<>();
        float[] queryScale = new float[(c.numHeads() + 2 * c.numKvHeads()) * c.headDim()];
        java.util.Arrays.fill(queryScale, 0, c.numHeads() * c.headDim(), (float) (1.0 / Math.sqrt(c.headDim())));
        java.util.Arrays.fill(queryScale, c.numHeads() * c.headDim(), queryScale.length, 1f);
        NDArray scaleRows = typed(manager.create(queryScale, new Shape(queryScale.length, 1)), dataType);
        NDArray scaleColumns = scaleRows.reshape(1, -1);
        for (int i = 0; i < c.numLayers(); i++) {
            int l = i;
            NDArray bias = null;
            if (c.attentionBias()) {
                bias = in.stacked(false, Names.layer(l, "self_attn.q_proj.bias"),
                        Names.layer(l, "self_attn.k_proj.bias"), Names.layer(l, "self_attn.v_proj.bias"));
                bias = replaced(bias, bias.mul(scaleRows.reshape(-1)));
            }
            NDArray qkvT = in.stacked(true, Names.layer(l, "self_attn.q_proj.weight"),
                    Names.layer(l, "self_attn.k_proj.weight"), Names.layer(l, "self_attn.v_proj.weight"));
            folded(qkvT, in.read(Names.layer(l, "input_layernorm.weight")), scaleColumns);
            NDArray gateUpT = in.stacked(true, Names.layer(l, "mlp.gate_proj.weight"),
                    Names.layer(l, "mlp.up_proj.weight"));
            folded(gateUpT, in.read(Names.layer(l, "post_attention_layernorm.weight")), null);
            layers.add(new Layer(
                    null,
                    qkvT,
                    bias,
                    in.stacked(true, Names.layer(l, "self_attn.o_proj.weight")),
                    null,
                    gateUpT,
                    // down stays [out, in]: a one-row product with more inputs than outputs reads that layout faster
                    in.read(Names.layer(l, "mlp.down_proj.weight")).transpose(),
                    1.0));
        }
        scaleColumns.close();
        scaleRows.close();
        NDArray embed = in.read(Names.EMBED);
        NDArray norm = in.read(Names.NORM);
        if (c.tieWordEmbeddings()) {
            // the head is the embedding read through a transposed view: no second matrix
            return new LlamaWeights(c, embed, layers, norm, embed.transpose(),
                    LlamaForward.rotateHalfMatrix(manager, c.headDim(), dataType));
        }
        NDArray headT = in.stacked(true, Names.LM_HEAD);
        folded(headT, norm, null);
        return new LlamaWeights(c, embed, layers, null, headT,
                LlamaForward.rotateHalfMatrix(manager, c.headDim(), dataType));
    }

    /**
     * Multiplies a transposed matrix {@code wT} ({@code [D, out]}, read by {@link TensorReader#stacked}
     * with {@code transposed}) in place: row d by {@code norm[d]} (the norm folded into the matrix
     * after it) and then, when given, column j by {@code columns[j]} ({@code [1, out]}); frees
     * {@code norm}. The products are those of scaling the untransposed matrix, in the same order.
     */
    private static void folded(NDArray wT, NDArray norm, @Nullable NDArray columns) {
        try (NDArray normRows = norm.reshape(-1, 1)) {
            wT.muli(normRows);
        }
        norm.close();
        if (columns != null) {
            wT.muli(columns);
        }
    }

    private static NDArray replaced(NDArray old, NDArray fresh) {
        old.close();
        return fresh;
    }

    private static NDArray typed(NDArray a, DataType dataType) {
        return a.getDataType() == dataType ? a : replaced(a, a.toType(dataType, false));
    }
}
