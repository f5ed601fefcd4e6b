// wp-init: the container entrypoint (PID 1). The commands are in app.cpp.
#include "app.hpp"

#ifndef WPINIT_VERSION
#define WPINIT_VERSION "dev"
#endif

int main(int argc, char** argv) { return wpinit::app_main(argc, argv, WPINIT_VERSION); }
