package io.leadcapture.application.imports;

/** The file was imported before and that import was reverted: sending it again does not bring it back. */
public final class ImportRevertedException extends RuntimeException {
    private final String importId;

    public ImportRevertedException(String importId) {
        super("import " + importId + " was reverted; change the file (or its source) to import it again");
        this.importId = importId;
    }

    public String importId() {
        return importId;
    }
}
