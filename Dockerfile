# reportkit as a container: the image the Kubernetes example of docs/operations.md runs.
#   docker build -t registry.example/reportkit:0.1.0 .
#   docker run --rm -v "$PWD:/work" registry.example/reportkit:0.1.0 convert briefs/ -o reports/
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1

# What WeasyPrint needs from the system, as scripts/system-deps.sh lists it
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig \
        fonts-dejavu-core fonts-dejavu-extra fonts-noto-color-emoji \
    && rm -rf /var/lib/apt/lists/*

# The package at the versions the tests passed with (constraints.txt)
WORKDIR /src
COPY pyproject.toml constraints.txt README.md LICENSE ./
COPY src ./src
COPY templates ./templates
RUN pip install ./ -c constraints.txt \
    && rm -rf /src

# Never root: reports are written as an ordinary user into the mounted /work
RUN useradd --create-home --uid 10001 reportkit
USER reportkit
WORKDIR /work
ENTRYPOINT ["reportkit"]
CMD ["--help"]
