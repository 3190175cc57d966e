# nodeprobe.exe: looks at a Wine node as Windows tools would: formats event
# IDs from a registered event source's message file (as Event Viewer does),
# reads an SMTP greeting, prints what GetComputerNameEx answers.
BED_MODULES += nodeprobe
nodeprobe_KIND := exe
nodeprobe_SRC  := tests/bed/nodeprobe/nodeprobe.c
nodeprobe_LIBS := -municode -ladvapi32 -lws2_32
