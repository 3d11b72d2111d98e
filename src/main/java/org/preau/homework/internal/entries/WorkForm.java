package org.preau.homework.internal.entries;

import jakarta.servlet.ServletRequest;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.preau.homework.internal.files.Upload;
import org.springframework.core.ResolvableType;
import org.springframework.core.convert.ConversionService;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.format.annotation.DateTimeFormat.ISO;
import org.springframework.format.support.DefaultFormattingConversionService;
import org.springframework.util.StringUtils;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.ServletRequestDataBinder;
import org.springframework.web.multipart.MultipartFile;

/**
 * One piece of work of the entry form, as posted. The form names its fields {@code work0Instructions},
 * {@code work0DueDate}…, {@code work1Instructions}…: names that open pages and the first-morning benchmark post, and
 * that Spring's indexed binding ({@code works[0].instructions}) does not read. So each work is bound on its own, by
 * Spring's constructor binding with a name resolver: component {@code dueDate} of work 1 is field
 * {@code work1DueDate}, and so is the binding error of a value that does not convert.
 *
 * @param nextLesson sent when the box is ticked, whatever its value (as browsers send a checkbox)
 * @param handin sent when the box is ticked, whatever its value
 * @param files the new files
 * @param deja the files kept from a refused send ({@code StagedUploads})
 * @param retirer those of the kept files the teacher removed
 */
record WorkForm(
        UUID id,
        String instructions,
        @DateTimeFormat(iso = ISO.DATE) LocalDate dueDate,
        String nextLesson,
        @DateTimeFormat(iso = ISO.TIME) LocalTime dueTime,
        Integer minutes,
        String handin,
        @DateTimeFormat(iso = ISO.DATE_TIME) LocalDateTime cutoff,
        List<MultipartFile> files,
        List<UUID> deja,
        List<UUID> retirer) {

    /** The most works one form may send. */
    static final int MAX = 50;

    private static final ConversionService CONVERSIONS = new DefaultFormattingConversionService();

    WorkForm {
        instructions = instructions == null ? "" : instructions;
        files = files == null ? List.of() : files;
        deja = deja == null ? List.of() : deja;
        retirer = retirer == null ? List.of() : retirer;
    }

    /**
     * The works the form sent, in order: work {@code i} was sent when its instructions or its id were. What does not
     * convert is added to {@code binding} (the entry form's), under the form's field name.
     */
    static List<WorkForm> bindAll(ServletRequest request, BindingResult binding) {
        var works = new ArrayList<WorkForm>();
        for (int i = 0; i < MAX && sent(request, "work" + i); i++) {
            String prefix = "work" + i;
            var binder = new ServletRequestDataBinder(null, binding.getObjectName());
            binder.setTargetType(ResolvableType.forClass(WorkForm.class));
            binder.setConversionService(CONVERSIONS);
            binder.setNameResolver(component -> prefix + StringUtils.capitalize(component.getParameterName()));
            binder.construct(request);
            binding.addAllErrors(binder.getBindingResult());
            works.add((WorkForm) binder.getTarget());
        }
        return works;
    }

    private static boolean sent(ServletRequest request, String prefix) {
        return request.getParameter(prefix + "Instructions") != null || request.getParameter(prefix + "Id") != null;
    }

    /** The work as the service checks it, with its files ({@code uploads}: the kept ones and the new ones). */
    EntryDraft.WorkDraft draft(List<Upload> uploads) {
        return new EntryDraft.WorkDraft(
                Optional.ofNullable(id),
                instructions,
                Optional.ofNullable(dueDate),
                nextLesson != null,
                Optional.ofNullable(dueTime),
                Optional.ofNullable(minutes),
                handin != null,
                Optional.ofNullable(cutoff).map(EntryForm::atSchool),
                uploads);
    }
}
