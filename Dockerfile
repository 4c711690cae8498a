# A development environment for ukvm: Debian 12 with what builds, tests
# and runs it, and the tree built in /ukvm (see README.md, "Docker").
#   docker build -t ukvm .
#   docker run --rm --device /dev/kvm ukvm make run        hello on hvt
#   docker run --rm -e UKVM_TARGET=spt ukvm make run       hello on spt
# --build-arg UKVM_DEPS=build installs only what building and running
# need, not the test tools (scripts/install-deps).
FROM debian:12
ARG UKVM_DEPS=
WORKDIR /ukvm
# The packages first, so that editing the tree does not install them again.
# install-deps installs only what is missing: a base that has them all
# needs no network here.
COPY VERSION ./
COPY scripts/install-deps scripts/
COPY scripts/lib/ scripts/lib/
RUN scripts/install-deps $UKVM_DEPS && rm -rf /var/lib/apt/lists/*
COPY . .
# fetch-lwip does nothing when the context brought build/third_party/lwip-2.1.3
# (.dockerignore keeps it); otherwise it takes Debian's source package.
RUN scripts/fetch-lwip build && make -s -j"$(nproc)" all apps guest-tests
CMD ["make", "run"]
