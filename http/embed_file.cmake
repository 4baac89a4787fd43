# embed_file.cmake — writes a file's bytes as a C array (NUL-terminated; the
# length excludes the NUL). Run as: cmake -DIN=f -DOUT=f.c -DNAME=sym -P embed_file.cmake
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" n2)
math(EXPR n "${n2} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," arr "${hex}")
file(WRITE "${OUT}" "/* generated from ${IN} by embed_file.cmake: do not edit */\n#include <stddef.h>\n"
  "extern const unsigned char ${NAME}[];\nextern const size_t ${NAME}_len;\n"
  "const unsigned char ${NAME}[] = {${arr}0x00};\nconst size_t ${NAME}_len = ${n};\n")
