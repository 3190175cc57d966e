/* The product version, for VERSIONINFO resources and tools. */
#ifndef IMSGUARD_VERSION_H
#define IMSGUARD_VERSION_H
#define IMSGUARD_VERSION_BINARY 0,1,0,0
#define IMSGUARD_VERSION_TEXT   "0.1.0.0"
#endif
