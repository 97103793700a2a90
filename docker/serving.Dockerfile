# syntax=docker/dockerfile:1
# Plumbline serving: V2 REST on 8080 (metrics at /prometheus), gRPC on 8081.
# Build from the repository root:  docker build -f docker/serving.Dockerfile -t plumbline/serving .
# (docker/compose.yml does this.)

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
# Every module's sources: Maven reads the whole reactor even with -pl, and -am builds what the
# image needs. target/ and .git stay out (<Dockerfile>.dockerignore).
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY events events
COPY test-support test-support
COPY model-loader model-loader
COPY monitor-core monitor-core
COPY monitor monitor
COPY serving serving
COPY docker/pom.xml docker/
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -pl serving -am -DskipTests package \
 && cp serving/target/plumbline-serving.jar /plumbline-serving.jar

FROM eclipse-temurin:17-jre
# curl for the health check only.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 plumbline \
 && useradd --system --uid 10001 --gid plumbline --home-dir /app --shell /usr/sbin/nologin plumbline
WORKDIR /app
COPY --from=build /plumbline-serving.jar /app/plumbline-serving.jar
# The demo model; mount another repository over /app/models or set PLUMBLINE_REGISTRY_URI.
COPY models /app/models

# JVM sized from the container's memory limit; die on OOM so the orchestrator restarts us
# instead of limping on. DJL never phones home. JDK_JAVA_OPTIONS is read by the `java`
# launcher itself, so the exec-form ENTRYPOINT below needs no shell.
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=25 -XX:+ExitOnOutOfMemoryError -XX:+UseG1GC -Dai.djl.offline=true -Djava.io.tmpdir=/tmp" \
    DJL_OFFLINE=true \
    OPT_OUT_TRACKING=true \
    PLUMBLINE_REGISTRY_URI=file:/app/models

# A class-data archive of start-up and the request path (README, "Faster start-up"): the training run
# starts the service on the demo model, sends it one request per protocol and exits; every container then
# starts from the archive (about 40 % sooner ready). Root-owned and read-only, as it should be.
RUN java -XX:ArchiveClassesAtExit=/app/plumbline.jsa -Xlog:cds=off -Xlog:cds+dynamic=off \
        -jar /app/plumbline-serving.jar warm-up --timeout 300

USER 10001:10001
EXPOSE 8080 8081
# Ready means the repository has loaded (503 until then), so traffic waits for the model.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS http://localhost:8080/v2/health/ready || exit 1
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/plumbline.jsa", "-jar", "/app/plumbline-serving.jar"]
