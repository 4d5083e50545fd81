// cxxq_text: mod_cxxq's answer, made with the C++ standard library.
#include <cstring>
#include <string>

extern "C" const char *cxxq_text(char *buf, unsigned long len);

extern "C" const char *cxxq_text(char *buf, unsigned long len)
{
	std::string text = "hello from C++, " + std::to_string(6 * 7);
	std::strncpy(buf, text.c_str(), len - 1);
	buf[len - 1] = '\0';
	return buf;
}
