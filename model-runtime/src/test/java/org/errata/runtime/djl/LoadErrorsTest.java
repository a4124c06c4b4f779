package org.errata.runtime.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.errata.runtime.api.LanguageModels;
import org.errata.runtime.api.ModelLoadException;
import org.errata.runtime.api.RuntimeOptions;
import org.errata.runtime.safetensors.DType;
import org.errata.runtime.safetensors.SafetensorsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadErrorsTest {

    private static final RuntimeOptions CPU = RuntimeOptions.defaults().withDevice(RuntimeOptions.Device.CPU)
            .withThreads(1);

    @TempDir
    Path dir;

    private Path model() throws Exception {
        Path folder = dir.resolve("m");
        RandomModelWriter.write(folder, TinyModels.llamaConfig(), 3, 0.2, DType.F32);
        return folder;
    }

    @Test
    void aMissingFolderIsNamed() {
        assertThatThrownBy(() -> LanguageModels.open(dir.resolve("nope").toString(), CPU))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("nope");
    }

    @Test
    void missingConfigOrTokenizerFilesAreNamed() throws Exception {
        Path m = model();
        Files.delete(m.resolve("tokenizer.json"));
        assertThatThrownBy(() -> LanguageModels.open(m.toString(), CPU))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("tokenizer.json");
        Files.delete(m.resolve("config.json"));
        assertThatThrownBy(() -> LanguageModels.open(m.toString(), CPU))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("config.json");
    }

    @Test
    void anUnknownArchitectureIsNamed() throws Exception {
        Path m = model();
        String json = Files.readString(m.resolve("config.json")).replace("LlamaForCausalLM", "GPT2LMHeadModel");
        Files.writeString(m.resolve("config.json"), json);
        assertThatThrownBy(() -> LanguageModels.open(m.toString(), CPU))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("GPT2LMHeadModel")
                .hasMessageContaining("config.json");
    }

    @Test
    void missingWeightsAreNamed() throws Exception {
        Path m = model();
        Files.delete(m.resolve("model.safetensors"));
        assertThatThrownBy(() -> LanguageModels.open(m.toString(), CPU))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("model.safetensors");
    }

    @Test
    void aMissingTensorIsNamedWithItsFile() throws Exception {
        Path m = model();
        LlamaConfig c = TinyModels.llamaConfig();
        SafetensorsWriter w = new SafetensorsWriter();
        for (String name : LlamaWeights.Names.all(c)) {
            if (!name.equals("model.layers.1.mlp.up_proj.weight")) {
                long[] shape = LlamaWeights.Names.shape(c, name);
                w.add(name, shape, new float[(int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)]);
            }
        }
        w.write(m.resolve("model.safetensors"));
        assertThatThrownBy(() -> LanguageModels.open(m.toString(), CPU))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("model.safetensors").hasMessageContaining("model.layers.1.mlp.up_proj.weight");
    }

    @Test
    void aTensorOfTheWrongShapeIsNamed() throws Exception {
        Path m = model();
        LlamaConfig c = TinyModels.llamaConfig();
        SafetensorsWriter w = new SafetensorsWriter();
        for (String name : LlamaWeights.Names.all(c)) {
            long[] shape = LlamaWeights.Names.shape(c, name);
            if (name.equals("model.layers.0.self_attn.k_proj.weight")) {
                shape = new long[] {shape[0] * 2, shape[1]};
            }
            w.add(name, shape, new float[(int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)]);
        }
        w.write(m.resolve("model.safetensors"));
        assertThatThrownBy(() -> LanguageModels.open(m.toString(), CPU))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("model.layers.0.self_attn.k_proj.weight").hasMessageContaining("shape");
    }

    @Test
    void aTruncatedFileIsNamedWithTheTensorPastItsEnd() throws Exception {
        Path m = model();
        Path file = m.resolve("model.safetensors");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() - 100);
        }
        assertThatThrownBy(() -> LanguageModels.open(m.toString(), CPU))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("model.safetensors").hasMessageContaining("truncated")
                .hasMessageContaining(LlamaWeights.Names.all(TinyModels.llamaConfig()).getLast());
    }

    @Test
    void configMapsLlama3RopeScalingAndEosLists() throws Exception {
        Path m = model();
        LlamaConfig c = LlamaConfig.read(m.resolve("config.json"));
        assertThat(c.ropeScaling()).isNotNull();
        assertThat(c.ropeScaling().type()).isEqualTo("llama3");
        assertThat(c.eosTokenIds()).containsExactly(2, 4);
        assertThat(c.groups()).isEqualTo(2);
        double[] plain = c.withRopeScaling(null).inverseFrequencies();
        double[] scaled = c.inverseFrequencies();
        assertThat(scaled[0]).isEqualTo(plain[0]);
        assertThat(scaled[scaled.length - 1]).isCloseTo(plain[plain.length - 1] / 8, org.assertj.core.data.Offset.offset(1e-12));
    }
}
