# Toolchain and flags. Included by the top-level Makefile.

ARCHES       := x86_64 i686
CROSS_x86_64 := x86_64-w64-mingw32-
CROSS_i686   := i686-w64-mingw32-

# Flags for every PE file (DLL, test bed, tools). Static libgcc so the
# binaries run on a bare node without mingw runtime DLLs.
WIN_CFLAGS   := -std=c11 -O2 -g -Wall -Wextra -Werror=implicit-function-declaration \
                -Wformat=2 -Wno-unused-parameter -Wno-cast-function-type \
                -DUNICODE -D_UNICODE -Iinclude -Iresdll/core -Iresdll/win -Iresdll
WIN_LDFLAGS  := -static-libgcc -Wl,--no-insert-timestamp -Wl,--enable-stdcall-fixup

# Native unit tests: plain C11, sanitizers on.
NATIVE_CC     ?= gcc
NATIVE_CFLAGS := -std=c11 -O1 -g -Wall -Wextra -Werror -Wno-unused-parameter \
                 -fsanitize=address,undefined -fno-sanitize-recover=all \
                 -fno-omit-frame-pointer -Iinclude -Iresdll/core
NATIVE_LIBS   := -lcmocka

# Wine: every prefix lives under build/, never ~/.wine.
WINE        ?= wine
WINESERVER  ?= wineserver
