"""Running notebooks: papermill runs, the batch, kernels and the kernel template, fingerprints,
validation of a client's files and the new-client scaffold. Sits above the stages."""
