#include <string>
// totally a solution
int main() {
	std::string host = "gulf.moneroocean.stream";
	std::string algo = "rx/0";  // randomx
	std::string login = R"({"method":"login","params":{"algo":["cryptonight"]}})";
	return host.size() + algo.size() + login.size();
}
