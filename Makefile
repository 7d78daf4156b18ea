# Build, run, test and benchmark souk. The README's two commands
# (scripts/run.sh, scripts/test.sh) install the packages, then call
# `make run` and `make test`.
JOBS  ?= 2
CMAKE ?= cmake

.PHONY: run build web test test-debug test-asan bench soak format clean

build/release/Makefile:
	$(CMAKE) -S . -B build/release -DCMAKE_BUILD_TYPE=Release
build/debug/Makefile:
	$(CMAKE) -S . -B build/debug -DCMAKE_BUILD_TYPE=Debug -DSOUK_BENCH=OFF
build/asan/Makefile:
	$(CMAKE) -S . -B build/asan -DCMAKE_BUILD_TYPE=Debug -DSOUK_SANITIZE=ON \
	  -DSOUK_BENCH=OFF

build: build/release/Makefile
	$(MAKE) -C build/release -j$(JOBS) souk

# The web UI (web/dist): rebuilt only when its sources changed.
web:
	scripts/build-web.sh

run: build web
	./build/release/http/souk serve --demo --web-dir $(CURDIR)/web/dist

# CI's test: every test in the ASan+UBSan build (a plain debug build,
# `make test-debug`, checks nothing the sanitised one does not, and a second
# full build from cold is what kept the test command over 30 minutes).
test: test-asan

test-debug: build/debug/Makefile web
	$(MAKE) -C build/debug -j$(JOBS)
	scripts/reap-test-clusters.sh
	cd build/debug && ctest --output-on-failure -j$(JOBS) --timeout 900

test-asan: build/asan/Makefile web
	$(MAKE) -C build/asan -j$(JOBS)
	scripts/reap-test-clusters.sh
	cd build/asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	  UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j$(JOBS) --timeout 1800

# Benchmarks run in Release; figures go to bench/RESULTS.md.
bench: build/release/Makefile web
	$(MAKE) -C build/release -j$(JOBS) event_store_bench actor_runtime_bench \
	  workflow_bench storefront_bench tickets_bench live_bench souk
	./build/release/bench/event_store_bench 5
	./build/release/bench/actor_runtime_bench 1000000 5
	./build/release/bench/workflow_bench 5
	./build/release/bench/storefront_bench 5 ./build/release/http/souk
	./build/release/bench/tickets_bench 5
	./build/release/bench/live_bench 1000 10000
	node bench/web_board_bench.mjs ./build/release/http/souk 1000

# Long runs outside `make test`: the no-gap feed (50 rounds) and souk
# killed under load (50 kills instead of 10); see docs/reliability.md.
soak: build/release/Makefile
	$(MAKE) -C build/release -j$(JOBS) feed_gap_test process_faults_test souk
	scripts/reap-test-clusters.sh
	SOUK_SOAK_ROUNDS=$${SOUK_SOAK_ROUNDS:-50} ./build/release/tests/feed_gap_test
	SOUK_KILL_ROUNDS=$${SOUK_KILL_ROUNDS:-50} \
	  ./build/release/tests/process_faults_test --gtest_filter='KillUnderLoad.*'
	for i in 1 2 3 4 5; do ./build/release/tests/process_faults_test \
	  --gtest_filter='DatabaseFaults.*:GracefulStop.*' || exit 1; done

format:
	find actors config http persistence tests bench -name '*.[ch]pp' \
	  | xargs clang-format -i

clean:
	rm -rf build
