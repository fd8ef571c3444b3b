package io.floorwatch.sink.webhook;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Severity;
import io.floorwatch.sink.WriterStateSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Writer state: one undelivered message. Version 1 layout, fields in declaration order; strings as UTF-8 with a length. */
public final class PendingDeliverySerializer extends WriterStateSerializer<PendingDelivery> {
    public PendingDeliverySerializer() {
        super(1, "webhook writer state");
    }

    @Override
    protected void write(PendingDelivery p, DataOutputStream out) throws IOException {
        writeString(out, p.route);
        out.writeInt(p.attempts);
        writeAlert(out, p.alert);
    }

    @Override
    protected PendingDelivery read(DataInputStream in) throws IOException {
        String route = readString(in);
        int attempts = in.readInt();
        return new PendingDelivery(route, readAlert(in), attempts);
    }

    /** A deep copy of an alert, through the same fields the state keeps. */
    static Alert copy(Alert a) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
            writeAlert(new DataOutputStream(bytes), a);
            return readAlert(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
    }

    private static void writeAlert(DataOutputStream out, Alert a) throws IOException {
        writeString(out, a.alertId);
        writeString(out, a.rule);
        writeString(out, a.severity == null ? null : a.severity.name());
        writeString(out, a.status);
        writeString(out, a.entityType);
        writeString(out, a.entityId);
        out.writeLong(a.eventTime);
        out.writeLong(a.detectedAt);
        out.writeBoolean(a.amountCents != null);
        if (a.amountCents != null) out.writeLong(a.amountCents);
        writeString(out, a.summary);
        writeString(out, a.action);
        writeString(out, a.details);
        out.writeLong(a.triggerIngestTime);
        out.flush();
    }

    private static Alert readAlert(DataInputStream in) throws IOException {
        Alert a = new Alert();
        a.alertId = readString(in);
        a.rule = readString(in);
        String severity = readString(in);
        a.severity = severity == null ? null : Severity.valueOf(severity);
        a.status = readString(in);
        a.entityType = readString(in);
        a.entityId = readString(in);
        a.eventTime = in.readLong();
        a.detectedAt = in.readLong();
        a.amountCents = in.readBoolean() ? in.readLong() : null;
        a.summary = readString(in);
        a.action = readString(in);
        a.details = readString(in);
        a.triggerIngestTime = in.readLong();
        return a;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) return null;
        byte[] b = in.readNBytes(n);
        if (b.length != n) throw new IOException("truncated webhook writer state");
        return new String(b, StandardCharsets.UTF_8);
    }
}
