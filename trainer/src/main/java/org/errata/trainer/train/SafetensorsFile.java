package org.errata.trainer.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes and reads fp32 safetensors files: an 8-byte little-endian header length, a JSON header, raw data. */
public final class SafetensorsFile {

    /** A float tensor in row-major order. */
    public record Tensor(long[] shape, float[] data) {}

    private SafetensorsFile() {}

    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F32");
            var shape = t.putArray("shape");
            long n = 1;
            for (long d : e.getValue().shape()) {
                shape.add(d);
                n *= d;
            }
            if (n != e.getValue().data().length) {
                throw new IllegalArgumentException(e.getKey() + ": shape does not match data length");
            }
            t.putArray("data_offsets").add(offset).add(offset + 4 * n);
            offset += 4 * n;
        }
        byte[] h = json.writeValueAsBytes(header);
        int padded = (h.length + 7) / 8 * 8;
        byte[] headerBytes = new byte[padded];
        System.arraycopy(h, 0, headerBytes, 0, h.length);
        for (int i = h.length; i < padded; i++) {
            headerBytes[i] = ' ';
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
            out.write(headerBytes);
            for (Tensor t : tensors.values()) {
                ByteBuffer b = ByteBuffer.allocate(4 * t.data().length).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(t.data());
                out.write(b.array());
            }
        }
    }

    public static Map<String, Tensor> read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        long len = buf.getLong(0);
        if (len < 2 || len > all.length - 8) {
            throw new IOException(file + ": bad safetensors header length " + len);
        }
        var header = new ObjectMapper().readTree(new String(all, 8, (int) len, StandardCharsets.UTF_8));
        Map<String, Tensor> out = new LinkedHashMap<>();
        var it = header.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            if (!e.getValue().get("dtype").asText().equals("F32")) {
                throw new IOException(file + ": " + e.getKey() + " is not F32");
            }
            var shapeNode = e.getValue().get("shape");
            long[] shape = new long[shapeNode.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeNode.get(i).asLong();
            }
            long from = e.getValue().get("data_offsets").get(0).asLong();
            long to = e.getValue().get("data_offsets").get(1).asLong();
            float[] data = new float[(int) ((to - from) / 4)];
            ByteBuffer.wrap(all, (int) (8 + len + from), (int) (to - from)).order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer().get(data);
            out.put(e.getKey(), new Tensor(shape, data));
        }
        return out;
    }
}
