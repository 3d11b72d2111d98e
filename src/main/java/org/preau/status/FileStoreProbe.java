package org.preau.status;

/**
 * Writes a small file to the file store the deployment really uses and reads it back. The module that owns the store
 * (documents, whose store is the local disk or an S3-compatible service) declares a bean of this type, and the status
 * page probes that store without knowing which it is; without such a bean the file storage is shown as unmonitored.
 */
public interface FileStoreProbe {

    /**
     * Writes, reads back and removes a probe file; returns normally only if the bytes read are the bytes written.
     *
     * @throws Exception whatever the store answered instead (the status module records its kind, never shows it)
     */
    void writeAndRead() throws Exception;
}
