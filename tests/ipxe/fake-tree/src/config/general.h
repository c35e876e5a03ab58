/* A stand-in for iPXE's config/general.h: the build glue checks that src/config exists. */
