package org.errata.runtime.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The weights of a Hugging Face model folder: either {@code model.safetensors} or the shards
 * listed by {@code model.safetensors.index.json}. Every error names the file and tensor.
 */
public final class SafetensorsCheckpoint implements AutoCloseable {

    public static final String SINGLE = "model.safetensors";
    public static final String INDEX = "model.safetensors.index.json";

    private final List<SafetensorsFile> files;
    private final Map<String, SafetensorsFile> byTensor;

    private SafetensorsCheckpoint(List<SafetensorsFile> files, Map<String, SafetensorsFile> byTensor) {
        this.files = List.copyOf(files);
        this.byTensor = Collections.unmodifiableMap(byTensor);
    }

    /** Opens the weights of a model folder. */
    public static SafetensorsCheckpoint open(Path folder) throws SafetensorsException {
        Path single = folder.resolve(SINGLE);
        Path index = folder.resolve(INDEX);
        if (Files.isRegularFile(single)) {
            SafetensorsFile f = SafetensorsFile.open(single);
            Map<String, SafetensorsFile> map = new LinkedHashMap<>();
            f.tensors().keySet().forEach(n -> map.put(n, f));
            return new SafetensorsCheckpoint(List.of(f), map);
        }
        if (!Files.isRegularFile(index)) {
            throw new SafetensorsException(single, null, "file not found (nor " + INDEX + ")");
        }
        JsonNode weightMap;
        try {
            weightMap = new ObjectMapper().readTree(index.toFile()).path("weight_map");
        } catch (IOException e) {
            throw new SafetensorsException(index, null, "cannot read: " + e.getMessage(), e);
        }
        if (!weightMap.isObject() || weightMap.isEmpty()) {
            throw new SafetensorsException(index, null, "has no weight_map");
        }
        Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
        Map<String, SafetensorsFile> byTensor = new LinkedHashMap<>();
        List<SafetensorsFile> opened = new ArrayList<>();
        try {
            for (var it = weightMap.fields(); it.hasNext(); ) {
                var e = it.next();
                String shardName = e.getValue().asText();
                if (shardName.contains("/") || shardName.contains("\\") || shardName.isEmpty()) {
                    throw new SafetensorsException(index, e.getKey(), "bad shard name '" + shardName + "'");
                }
                SafetensorsFile shard = shards.get(shardName);
                if (shard == null) {
                    shard = SafetensorsFile.open(folder.resolve(shardName));
                    shards.put(shardName, shard);
                    opened.add(shard);
                }
                if (shard.find(e.getKey()).isEmpty()) {
                    throw new SafetensorsException(shard.path(), e.getKey(), "tensor missing (listed in " + INDEX + ")");
                }
                byTensor.put(e.getKey(), shard);
            }
        } catch (SafetensorsException | RuntimeException e) {
            opened.forEach(SafetensorsFile::close);
            throw e;
        }
        return new SafetensorsCheckpoint(opened, byTensor);
    }

    public List<SafetensorsFile> files() {
        return files;
    }

    public List<Path> paths() {
        return files.stream().map(SafetensorsFile::path).toList();
    }

    public Map<String, SafetensorsFile> tensorFiles() {
        return byTensor;
    }

    public Optional<TensorInfo> find(String name) {
        SafetensorsFile f = byTensor.get(name);
        return f == null ? Optional.empty() : f.find(name);
    }

    /** The tensor's header entry; the error names the (first) file when it is absent. */
    public TensorInfo require(String name) throws SafetensorsException {
        SafetensorsFile f = fileOf(name);
        return f.require(name);
    }

    /** Requires a tensor of exactly this shape. */
    public TensorInfo require(String name, long... shape) throws SafetensorsException {
        TensorInfo t = require(name);
        if (!java.util.Arrays.equals(t.shape(), shape)) {
            throw new SafetensorsException(fileOf(name).path(), name,
                    "shape " + t.shapeString() + " but the config needs " + java.util.Arrays.toString(shape));
        }
        return t;
    }

    public SafetensorsFile fileOf(String name) throws SafetensorsException {
        SafetensorsFile f = byTensor.get(name);
        if (f == null) {
            Path where = files.isEmpty() ? Path.of(SINGLE) : files.get(0).path();
            if (files.size() > 1) {
                where = where.resolveSibling(INDEX);
            }
            throw new SafetensorsException(where, name, "tensor missing");
        }
        return f;
    }

    /** {@link SafetensorsFile#readBytes} on the file that holds the tensor. */
    public void readBytes(String name, long offset, java.nio.ByteBuffer dst) throws SafetensorsException {
        fileOf(name).readBytes(name, offset, dst);
    }

    public float[] readFloats(String name) throws SafetensorsException {
        return fileOf(name).readFloats(name);
    }

    public void readFloats(String name, long from, long count, FloatBuffer dst) throws SafetensorsException {
        fileOf(name).readFloats(name, from, count, dst);
    }

    @Override
    public void close() {
        files.forEach(SafetensorsFile::close);
    }
}
