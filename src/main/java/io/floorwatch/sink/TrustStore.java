package io.floorwatch.sink;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificates an HTTPS client trusts (ClickHouse, webhook endpoints): the JVM's default CAs, or those of a
 * trust store file, for endpoints whose certificate a private CA signed. The file is a PKCS#12 or JKS key store
 * (password optional) or PEM / DER X.509 certificates ({@code .pem}, {@code .crt}, {@code .cer}). Only the CAs in
 * the file are trusted then. {@link #toString()} never shows the password.
 */
public record TrustStore(String path, String password) implements Serializable {
    public static final TrustStore JVM_DEFAULT = new TrustStore("", "");

    public TrustStore {
        path = path == null ? "" : path.strip();
        password = password == null ? "" : password;
    }

    public boolean isJvmDefault() {
        return path.isEmpty();
    }

    /** The TLS context for an {@link java.net.http.HttpClient}: the default one, or one trusting this file's CAs. */
    public SSLContext sslContext() {
        try {
            if (isJvmDefault()) return SSLContext.getDefault();
            KeyStore store = load(Path.of(path), password);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            // the path says which file; the password never goes into a message
            throw new IllegalArgumentException("cannot load the trust store " + path + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path file, String password) throws IOException, GeneralSecurityException {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".pem") || name.endsWith(".crt") || name.endsWith(".cer")) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            try (InputStream in = Files.newInputStream(file)) {
                int i = 0;
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in))
                    store.setCertificateEntry("ca-" + i++, c);
                if (i == 0) throw new GeneralSecurityException("no certificate in " + file);
            }
            return store;
        }
        return KeyStore.getInstance(file.toFile(), password.isEmpty() ? null : password.toCharArray());
    }

    @Override
    public String toString() {
        return isJvmDefault() ? "JVM default CAs" : path + (password.isEmpty() ? "" : " (password set)");
    }
}
