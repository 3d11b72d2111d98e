package org.preau.status;

/**
 * Writes a small file to the file store the deployment really uses and reads it back. The status module ships one
 * for the local directory store; a module that owns another store (an S3-compatible one, the documents module)
 * declares a bean of this type and the status page probes that store instead, without the status module knowing
 * it.
 */
public interface FileStoreProbe {

    /**
     * Writes, reads back and removes a probe file; returns normally only if the bytes read are the bytes written.
     *
     * @throws Exception whatever the store answered instead (the status module records its kind, never shows it)
     */
    void writeAndRead() throws Exception;
}
