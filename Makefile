# Lead capture — build, test and run locally.
#   make test   unit + integration tests against a local moto emulator (the CI command)
#   make run    the whole product on http://127.0.0.1:3000, no AWS account needed
#   make package  Lambda zips under functions/*/target/ for `sam deploy`
#   make bench  benchmarks (docs/benchmarks.md)

# Build with JDK 25 for the java21 Lambda runtime (--release 21 in pom.xml).
JAVA_HOME ?= $(firstword $(wildcard /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk* /usr/lib/jvm/java-25*))
export JAVA_HOME
export PATH := $(JAVA_HOME)/bin:$(PATH)

MVN ?= mvn -B -ntp

.PHONY: test run package bench emulator clean

emulator:
	infrastructure/local/moto.sh install

test: emulator
	# the patched emulator answers every request as moto as shipped does (infrastructure/local/moto_patches.py)
	PYTHONPATH=.local/moto/usr/lib/python3/dist-packages /usr/bin/python3 infrastructure/local/test_moto_patches.py
	$(MVN) verify

package:
	$(MVN) -DskipTests package

run: emulator
	$(MVN) -q -DskipTests install
	infrastructure/local/run.sh

bench: emulator
	$(MVN) -q -DskipTests install
	infrastructure/benchmarks/run.sh

clean:
	$(MVN) -q clean
